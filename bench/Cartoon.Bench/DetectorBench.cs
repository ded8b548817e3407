using System.Diagnostics;
using System.Globalization;
using Cartoon.Engine;
using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Cartoon.Bench;

/// <summary>
/// `engine --only detect`: whether batching RetinaFace over a group could pay. Per-image detect time at each item's
/// own scaled shape, the cost of padding it to the common square a batch would need, whether the graph takes N &gt; 1,
/// and how far padding moves the landmarks. Printed, not asserted.
/// </summary>
internal static class DetectorBench
{
    public static void Run(EngineOptions options, string modelsDirectory, List<(string Name, byte[] Bytes)> portraits, int reps, Action<string> line)
    {
        var side = options.DetectLongSide;
        using var session = new SessionFactory(options, NullLogger.Instance).Create(Path.Combine(modelsDirectory, ModelFiles.Detector));
        using var detector = new RetinaFaceDetector(session, options.FaceScoreThreshold, side);
        line("## Face detector: one image per pass vs a padded batch");
        line("");
        line($"Input `input0` dims as the graph declares them: [{string.Join(", ", session.InputMetadata["input0"].Dimensions)}]; " +
             $"a [4, 3, {side}, {side}] pass: {TryBatch(session, 4, side)}.");
        line("");
        line($"| input | work size | detector shape | ms own shape | ms padded to {side}² | faces own / padded | max landmark shift (px) |");
        line("| --- | --- | --- | --- | --- | --- | --- |");
        double own = 0, padded = 0;
        foreach (var (name, bytes) in portraits)
        {
            using var decoded = ImageDecoder.Decode(bytes, new ImageLimits());
            var original = PixelBuffer.From(decoded);
            var (ww, wh) = Engine.Batching.WorkSize.For(original.Width, original.Height);
            var work = original.Resize(ww, wh);
            var scale = (float)side / Math.Max(ww, wh);
            var (sw, sh) = (Math.Max(32, (int)Math.Round(ww * scale)), Math.Max(32, (int)Math.Round(wh * scale)));
            var canvas = Pad(work.Resize(sw, sh), side);

            // Both timings include the resize to the detector's scale, as the engine pays it.
            var ownMs = Time(() => detector.Detect(work, options.MaxFacesPerImage), reps);
            var paddedMs = Time(() => detector.Detect(Pad(work.Resize(sw, sh), side), options.MaxFacesPerImage), reps);
            own += ownMs;
            padded += paddedMs;
            var a = detector.Detect(work, options.MaxFacesPerImage);
            var b = detector.Detect(canvas, options.MaxFacesPerImage);
            var shift = a.Zip(b).Select(p => Enumerable.Range(0, 10).Max(k => Math.Abs(p.First.Landmarks[k] - p.Second.Landmarks[k] / scale)))
                .DefaultIfEmpty(float.NaN).Max();
            line(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {ww}×{wh} | {sw}×{sh} | {ownMs:F1} | {paddedMs:F1} | {a.Count} / {b.Count} | {shift:F2} |"));
        }
        line("");
        line(string.Create(CultureInfo.InvariantCulture,
            $"All {portraits.Count}: **{own:F0} ms** at their own shapes, **{padded:F0} ms** padded to {side}² ({padded / own:F2}×)."));
        line("");
        line($"The bare pass at {side}², per image, by batch size:");
        line("");
        line("| N | ms / batch | ms / image |");
        line("| --- | --- | --- |");
        foreach (var n in new[] { 1, 4, 8 })
        {
            using var input = OrtValue.CreateTensorValueFromMemory(new float[n * 3 * side * side], [n, 3, side, side]);
            var ms = Time(() =>
            {
                using var runOptions = new RunOptions();
                using var outputs = session.Run(runOptions, ["input0"], [input], ["output0", "output1", "output2"]);
            }, reps);
            line(string.Create(CultureInfo.InvariantCulture, $"| {n} | {ms:F1} | {ms / n:F1} |"));
        }
        line("");
    }

    /// <summary>The image top-left on a square of DCT-Net's mean colour (zero after the detector's mean subtraction).</summary>
    private static PixelBuffer Pad(PixelBuffer image, int side)
    {
        var canvas = new PixelBuffer(side, side);
        for (var i = 0; i < side * side; i++)
            (canvas.Data[i * 3], canvas.Data[i * 3 + 1], canvas.Data[i * 3 + 2]) = ((byte)123, (byte)117, (byte)104);
        for (var y = 0; y < image.Height; y++)
            image.Data.AsSpan(y * image.Width * 3, image.Width * 3).CopyTo(canvas.Data.AsSpan(y * side * 3));
        return canvas;
    }

    private static string TryBatch(InferenceSession session, int n, int side)
    {
        try
        {
            using var input = OrtValue.CreateTensorValueFromMemory(new float[n * 3 * side * side], [n, 3, side, side]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["input0"], [input], ["output0"]);
            return $"runs, output0 [{string.Join(", ", outputs[0].GetTensorTypeAndShape().Shape)}]";
        }
        catch (OnnxRuntimeException ex)
        {
            return $"fails ({ex.Message.Split('\n')[0]})";
        }
    }

    private static double Time(Action action, int reps)
    {
        action();
        action();
        var times = new List<double>();
        for (var r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return Stats.Median(times);
    }
}
