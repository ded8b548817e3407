using System.Diagnostics;
using Cartoon.Engine;
using Cartoon.Engine.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartoon.Cli.Models;

/// <summary>
/// Proves a converted file loads and runs in ONNX Runtime (CPU) with the engine's float32 buffers, how far one pass
/// lands from the fp32 file's on the same input, and optionally how long each takes. On an x86 CPU, ORT computes most
/// of the fp16 graph in fp32 (see <see cref="Fp16Emulation"/>), so the difference shows the file is sound, not what
/// fp16 rounding costs on a GPU.
/// </summary>
internal static class VariantCheck
{
    /// <param name="side">Square input side (64 for a quick check, 288 for a head-sized timing).</param>
    /// <param name="timedRuns">0: no timing; else median ms of that many passes of each file after one warm-up pass,
    /// fp32 and fp16 passes alternating so that a change in the machine's load weighs on both alike.</param>
    public static VariantCheckResult Run(string fp32Path, string fp16Path, int side, int timedRuns)
    {
        var sessions = new SessionFactory(new EngineOptions { Device = DevicePreference.Cpu }, NullLogger.Instance);
        var input = SyntheticImage(side);
        using var fp32 = new GeneratorNet(sessions.Create(fp32Path), Path.GetFileName(fp32Path));
        using var fp16 = new GeneratorNet(sessions.Create(fp16Path), Path.GetFileName(fp16Path));
        var reference = new float[input.Length];
        var half = new float[input.Length];
        fp32.Run(input, reference, 1, side, side);
        fp16.Run(input, half, 1, side, side);
        var max = 0f;
        for (var i = 0; i < reference.Length; i++)
            max = Math.Max(max, Math.Abs(reference[i] - half[i]));
        if (timedRuns == 0)
            return new VariantCheckResult(max, null, null);

        var fp32Ms = new double[timedRuns];
        var fp16Ms = new double[timedRuns];
        for (var i = 0; i < timedRuns; i++)
        {
            fp32Ms[i] = Time(fp32, input, reference, side);
            fp16Ms[i] = Time(fp16, input, half, side);
        }
        return new VariantCheckResult(max, Median(fp32Ms), Median(fp16Ms));
    }

    private static double Time(GeneratorNet net, float[] input, float[] output, int side)
    {
        var sw = Stopwatch.StartNew();
        net.Run(input, output, 1, side, side);
        return sw.Elapsed.TotalMilliseconds;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }

    /// <summary>A smooth BGR pattern with some texture: gradients in B and G, a sine lattice in R.</summary>
    private static float[] SyntheticImage(int side)
    {
        var input = new float[side * side * 3];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var i = (y * side + x) * 3;
                input[i] = 255f * x / side;
                input[i + 1] = 255f * y / side;
                input[i + 2] = 128f + 100f * MathF.Sin(x * 0.3f) * MathF.Cos(y * 0.2f);
            }
        return input;
    }
}
