using Cartoon.Cli.Models;
using Cartoon.Engine.Inference;
using Cartoon.Engine.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Cartoon.Engine.Tests.Models;

/// <summary>The fp16 converter on the real DCT-Net graph, and on small graphs for the cases that graph lacks.</summary>
public sealed class Fp16ConverterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cartoon-fp16-conv-").FullName;
    private static readonly HashSet<string> NoneKept = [];

    private static ModelProto AnimeHead() =>
        ModelProto.Parser.ParseFromFile(Path.Combine(TestPaths.Models, ModelFiles.Head("anime")));

    [Fact]
    public void Dctnet_graph_computes_in_fp16_with_fp32_io_and_reads_its_fp16_weights_without_casts()
    {
        var model = AnimeHead();
        var weights = model.Graph.Initializer.Count(t => t.DataType() == DataType.Float16);

        var report = Fp16Converter.Convert(model, NoneKept);

        var graph = model.Graph;
        Assert.Equal(weights, report.WeightCastsRemoved);
        Assert.All(graph.Initializer, t => Assert.NotEqual(DataType.Float, t.DataType()));
        Assert.Equal(DataType.Float, graph.Input.Single().Type.TensorType.ElemType());
        Assert.Equal(DataType.Float, graph.Output.Single().Type.TensorType.ElemType());
        // The only Casts left are the two at the graph's edges.
        var casts = graph.Node.Where(n => n.OpType == "Cast").ToList();
        Assert.Equal(2, casts.Count);
        Assert.Equal((GeneratorNet.InputName, DataType.Float16), (graph.Node[0].Input[0], (DataType)graph.Node[0].Attribute[0].I));
        Assert.Equal((GeneratorNet.OutputName, DataType.Float), (graph.Node[^1].Output[0], (DataType)graph.Node[^1].Attribute[0].I));
        var ones = graph.Node.Single(n => n.OpType == "ConstantOfShape").Attribute.Single(a => a.Name == "value").T;
        Assert.Equal(DataType.Float16, ones.DataType());
        // Every float tensor now holds fp16: nothing between the edge Casts is float32.
        var types = ElementTypes.Infer(graph);
        Assert.All(graph.Node.Skip(1).SkipLast(1).SelectMany(n => n.Output), o => Assert.NotEqual(DataType.Float, types[o]));
    }

    [Fact]
    public void Converted_dctnet_file_runs_in_onnx_runtime_close_to_the_fp32_file()
    {
        var fp32 = Path.Combine(TestPaths.Models, ModelFiles.Head("anime"));
        var fp16 = Path.Combine(_dir, ModelFiles.Head("anime", ModelPrecision.Fp16));

        Fp16Variants.Convert(fp32, fp16, NoneKept);
        var check = VariantCheck.Run(fp32, fp16, side: 64, timedRuns: 0);

        // fp16 rounding of constants and I/O only (the CPU EP computes the rest in fp32): far under one 8-bit level (0.0078).
        Assert.InRange(check.MaxDifference, 0f, 0.004f);
        var metadata = ModelProto.Parser.ParseFromFile(fp16).MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("fp16", metadata["precision"]);
        Assert.Equal(ModelFiles.Head("anime"), metadata["fp16_source"]);
        Assert.Equal("anime", metadata["style"]);
    }

    [Fact]
    public void A_kept_node_computes_in_fp32_between_casts_and_the_graph_still_runs()
    {
        var fp32 = Path.Combine(TestPaths.Models, ModelFiles.Head("anime"));
        var fp16 = Path.Combine(_dir, "kept.fp16.onnx");
        // The guided filter's division by (variance + eps): the op most exposed to fp16 cancellation.
        HashSet<string> kept = ["div_133"];

        var report = Fp16Variants.Convert(fp32, fp16, kept);

        Assert.Equal(1, report.NodesKeptFloat32);
        var graph = ModelProto.Parser.ParseFromFile(fp16).Graph;
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        var div = graph.Node.Single(n => n.Name == "div_133");
        Assert.All(div.Input, i => Assert.Equal((long)DataType.Float, producers.TryGetValue(i, out var p) && p.OpType == "Cast" ? p.Attribute[0].I : -1));
        var readers = graph.Node.Where(n => n.Input.Contains(div.Output[0])).ToList();
        Assert.Equal([("Cast", (long)DataType.Float16)], readers.Select(r => (r.OpType, r.Attribute[0].I)));
        Assert.InRange(VariantCheck.Run(fp32, fp16, 64, 0).MaxDifference, 0f, 0.004f);
    }

    [Fact]
    public void A_converted_file_is_not_converted_twice()
    {
        var model = AnimeHead();
        Fp16Converter.Convert(model, NoneKept);

        Assert.Throws<NotSupportedException>(() => Fp16Converter.Convert(model, NoneKept));
    }

    [Fact]
    public void Unknown_ops_and_unknown_kept_nodes_are_refused()
    {
        var lstm = TinyModel("LSTM");
        Assert.Contains("LSTM", Assert.Throws<NotSupportedException>(() => Fp16Converter.Convert(lstm, NoneKept)).Message);

        Assert.Contains("no_such_node", Assert.Throws<ArgumentException>(() => Fp16Converter.Convert(AnimeHead(), new HashSet<string> { "no_such_node" })).Message);
    }

    [Fact]
    public void Resize_scales_stay_fp32_so_onnx_runtime_accepts_the_graph()
    {
        var model = TinyModel("Resize");
        var path = Path.Combine(_dir, "resize.onnx");
        model.WriteToFile(path);
        var half = model.Clone();

        Fp16Converter.Convert(half, NoneKept);
        var halfPath = Path.Combine(_dir, "resize.fp16.onnx");
        half.WriteToFile(halfPath);

        Assert.Equal(DataType.Float, half.Graph.Initializer.Single(t => t.Name == "scales").DataType());
        Assert.Equal(DataType.Float16, half.Graph.Initializer.Single(t => t.Name == "offset").DataType());
        float[] input = [1, 2, 3, 4];
        Assert.Equal(RunTiny(path, input), RunTiny(halfPath, input));
    }

    /// <summary>X [1,1,2,2] → op → + offset → Y; Resize doubles H and W by its scales.</summary>
    private static ModelProto TinyModel(string op)
    {
        var graph = new GraphProto { Name = "tiny" };
        graph.Input.Add(TensorInfo("X", 1, 1, 2, 2));
        var resize = op == "Resize";
        graph.Output.Add(resize ? TensorInfo("Y", 1, 1, 4, 4) : TensorInfo("Y", 1, 1, 2, 2));
        graph.Initializer.Add(FloatTensor("scales", [4], [1, 1, 2, 2]));
        graph.Initializer.Add(FloatTensor("offset", [1], [0.5f]));
        var node = new NodeProto { OpType = op, Name = "op" };
        node.Input.AddRange(resize ? ["X", "", "scales"] : ["X"]);
        node.Output.Add("T");
        if (resize)
            node.Attribute.Add(new AttributeProto { Name = "mode", Type = AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8("nearest") });
        var add = new NodeProto { OpType = "Add", Name = "add" };
        add.Input.AddRange(["T", "offset"]);
        add.Output.Add("Y");
        graph.Node.AddRange([node, add]);
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    private static ValueInfoProto TensorInfo(string name, params long[] dims)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float, Shape = new TensorShapeProto() };
        foreach (var d in dims)
            tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    private static TensorProto FloatTensor(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static float[] RunTiny(string path, float[] input)
    {
        using var session = new InferenceSession(path);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("X", new DenseTensor<float>(input, [1, 1, 2, 2]))]);
        return [.. results.Single().AsEnumerable<float>()];
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
