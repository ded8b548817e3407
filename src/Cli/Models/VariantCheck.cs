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
    /// <param name="timedRuns">0: no timing; else median ms of that many passes after one warm-up pass each.</param>
    public static VariantCheckResult Run(string fp32Path, string fp16Path, int side, int timedRuns)
    {
        var sessions = new SessionFactory(new EngineOptions { Device = DevicePreference.Cpu }, NullLogger.Instance);
        var input = SyntheticImage(side);
        var (reference, fp32Ms) = Pass(sessions, fp32Path, input, side, timedRuns);
        var (half, fp16Ms) = Pass(sessions, fp16Path, input, side, timedRuns);
        var max = 0f;
        for (var i = 0; i < reference.Length; i++)
            max = Math.Max(max, Math.Abs(reference[i] - half[i]));
        return new VariantCheckResult(max, fp32Ms, fp16Ms);
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

    private static (float[] Output, double? MedianMs) Pass(SessionFactory sessions, string path, float[] input, int side, int timedRuns)
    {
        using var net = new GeneratorNet(sessions.Create(path), Path.GetFileName(path));
        var output = new float[input.Length];
        net.Run(input, output, 1, side, side);
        if (timedRuns == 0)
            return (output, null);
        var times = new double[timedRuns];
        for (var i = 0; i < timedRuns; i++)
        {
            var sw = Stopwatch.StartNew();
            net.Run(input, output, 1, side, side);
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return (output, times[timedRuns / 2]);
    }
}
