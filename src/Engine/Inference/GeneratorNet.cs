using Cartoon.Engine.Batching;
using Microsoft.ML.OnnxRuntime;

namespace Cartoon.Engine.Inference;

/// <summary>
/// One DCT-Net generator (head or bg): float32 NHWC BGR 0..255 in, NHWC BGR ≈[-1,1] out, N/H/W dynamic.
/// The output is written straight into a caller buffer (no per-run output allocation by ORT).
/// </summary>
public sealed class GeneratorNet : IDisposable
{
    public const string InputName = "input_image";
    public const string OutputName = "output_image";

    private static readonly string[] InputNames = [InputName];
    private static readonly string[] OutputNames = [OutputName];

    private readonly InferenceSession _session;
    private readonly bool _shrinkCpuArena;
    private readonly IPassListener? _listener;

    /// <param name="shrinkCpuArena">Give the CPU arena's unused chunks back at the end of every run (see <see cref="EngineOptions.CpuArenaShrink"/>).</param>
    public GeneratorNet(InferenceSession session, string name, bool shrinkCpuArena = false)
        : this(session, name, shrinkCpuArena, listener: null)
    {
    }

    internal GeneratorNet(InferenceSession session, string name, bool shrinkCpuArena, IPassListener? listener)
    {
        _session = session;
        _shrinkCpuArena = shrinkCpuArena;
        _listener = listener;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Runs ONE forward pass over a batch. <paramref name="input"/> and <paramref name="output"/> hold n·h·w·3 floats.</summary>
    public void Run(float[] input, float[] output, int n, int h, int w, CancellationToken cancellationToken = default)
    {
        var length = (long)n * h * w * 3;
        if (input.Length < length || output.Length < length)
            throw new ArgumentException($"Tensor buffers too small for [{n},{h},{w},3].");
        long[] shape = [n, h, w, 3];
        using var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, (int)length), shape);
        using var outValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(0, (int)length), shape);
        using var runOptions = new RunOptions();
        if (_shrinkCpuArena)
            runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        // A canceled group stops inside the pass, not after it: ORT checks Terminate between kernels.
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        _listener?.Passing(Name, new NetShape(n, h, w));
        try
        {
            _session.Run(runOptions, InputNames, [inValue], OutputNames, [outValue]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Dispose() => _session.Dispose();
}
