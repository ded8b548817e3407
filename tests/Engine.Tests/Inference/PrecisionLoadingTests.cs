using System.Diagnostics.Metrics;
using Cartoon.Engine.Diagnostics;
using Cartoon.Engine.Inference;
using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Cartoon.Engine.Tests.Inference;

/// <summary>Engine:Precision through the engine: which files each style loads, and what it reports.</summary>
[Collection(Fp16ModelsCollection.Name)]
public sealed class PrecisionLoadingTests(Fp16ModelsFixture models) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cartoon-precision-load-").FullName;

    [Theory]
    [InlineData(PrecisionPreference.Fp16, "fp16")]
    [InlineData(PrecisionPreference.Auto, "fp32")] // CPU: the variants are there but slower, so Auto leaves them
    [InlineData(PrecisionPreference.Fp32, "fp32")]
    public async Task Each_style_loads_the_precision_resolved_for_the_device_and_labels_its_load_metric(PrecisionPreference precision, string loaded)
    {
        using var metrics = new EngineMetrics();
        using var listener = new MeterListener();
        var labels = new List<(string? Style, string? Precision)>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "cartoon.model.load")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var t = new Dictionary<string, object?>(tags.ToArray());
            labels.Add(((string?)t["style"], (string?)t["precision"]));
        });
        listener.Start();
        using var engine = Create(models.Real, precision, metrics);

        engine.WarmUp();
        var group = await engine.CartoonizeAsync([new CartoonRequest(TestImages.Gradient(64, 64), new CartoonParameters { Style = "anime" })]);
        listener.RecordObservableInstruments();

        Assert.True(group.Items[0].Succeeded);
        Assert.Equal([("anime", loaded)], labels);
    }

    [Fact]
    public void Fp16_without_the_variants_is_a_start_error_naming_the_setting()
    {
        var ex = Assert.Throws<ModelsNotFoundException>(() => Create(TestPaths.Models, PrecisionPreference.Fp16));

        Assert.Contains("Engine:Precision is Fp16", ex.Message);
        Assert.Contains(".fp16.onnx", ex.Message);
    }

    [Fact]
    public void A_variant_with_fp16_input_is_refused_at_load_naming_the_file()
    {
        foreach (var file in Directory.GetFiles(models.Real))
            File.CreateSymbolicLink(Path.Combine(_dir, Path.GetFileName(file)), file);
        var head = Path.Combine(_dir, ModelFiles.Head("anime", ModelPrecision.Fp16));
        File.Delete(head);
        var model = ModelProto.Parser.ParseFromFile(Path.Combine(models.Real, ModelFiles.Head("anime", ModelPrecision.Fp16)));
        // What a converter without keep-io gives: the graph reads fp16 straight from its input.
        var inputCast = model.Graph.Node[0];
        model.Graph.Node.RemoveAt(0);
        foreach (var node in model.Graph.Node)
            for (var i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == inputCast.Output[0])
                    node.Input[i] = GeneratorNet.InputName;
        model.Graph.Input[0].Type.TensorType.ElemType = (int)DataType.Float16;
        model.WriteToFile(head);
        using var engine = Create(_dir, PrecisionPreference.Fp16);

        var ex = Assert.Throws<InvalidDataException>(() => engine.WarmUp());

        Assert.Contains(head, ex.Message);
        Assert.Contains("float32", ex.Message);
    }

    private static CartoonEngine Create(string dir, PrecisionPreference precision, EngineMetrics? metrics = null) =>
        new(new EngineOptions
        {
            ModelsDirectory = dir,
            Device = DevicePreference.Cpu,
            Precision = precision,
            Preload = ["anime"],
            WarmUp = false,
        }, NullLogger<CartoonEngine>.Instance, metrics);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
