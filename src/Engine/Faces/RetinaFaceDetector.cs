using Cartoon.Engine.Batching;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Cartoon.Engine.Faces;

/// <summary>
/// RetinaFace mobilenet0.25 as DCT-Net uses it: image scaled to a long side of 640 (High items: also a larger one), BGR minus (104,117,123),
/// SSD priors at steps 8/16/32, variances 0.1/0.2, score > threshold, NMS IoU 0.4, largest faces first.
/// </summary>
public sealed class RetinaFaceDetector(InferenceSession session, float scoreThreshold, int longSide) : IDisposable
{
    private static readonly (int Step, int[] MinSizes)[] Levels = [(8, [16, 32]), (16, [64, 128]), (32, [256, 512])];
    private const float NmsIou = 0.4f;
    private readonly IPassListener? _listener;

    internal RetinaFaceDetector(InferenceSession session, float scoreThreshold, int longSide, IPassListener? listener)
        : this(session, scoreThreshold, longSide) => _listener = listener;

    public IReadOnlyList<DetectedFace> Detect(PixelBuffer image, int maxFaces) => Detect(image, maxFaces, [longSide]);

    /// <summary>
    /// Detection on the image scaled to each of <paramref name="longSides"/>, the candidates of all of them merged by one
    /// NMS: a larger scale finds faces too small at the usual one, the usual one keeps finding the faces it finds.
    /// </summary>
    public IReadOnlyList<DetectedFace> Detect(PixelBuffer image, int maxFaces, IReadOnlyList<int> longSides)
    {
        if (maxFaces <= 0)
            return [];
        var candidates = new List<DetectedFace>();
        foreach (var side in longSides)
            candidates.AddRange(Candidates(image, side));
        return Nms(candidates).OrderByDescending(f => f.Area).Take(maxFaces).ToArray();
    }

    /// <summary>Every decoded box above the score threshold at one scale, in image pixels, before NMS.</summary>
    private List<DetectedFace> Candidates(PixelBuffer image, int scaledLongSide)
    {
        var scale = (float)scaledLongSide / Math.Max(image.Width, image.Height);
        var w = Math.Max(32, (int)Math.Round(image.Width * scale));
        var h = Math.Max(32, (int)Math.Round(image.Height * scale));
        var scaled = image.Resize(w, h);

        var input = new float[3 * h * w];
        FillInput(scaled.Data, input, w * h);

        using var inValue = OrtValue.CreateTensorValueFromMemory(input, [1, 3, h, w]);
        using var runOptions = new RunOptions();
        _listener?.Passing(IPassListener.DetectorName, new NetShape(1, h, w));
        using var outputs = session.Run(runOptions, ["input0"], [inValue], ["output0", "output1", "output2"]);
        var loc = outputs[0].GetTensorDataAsSpan<float>();
        var conf = outputs[1].GetTensorDataAsSpan<float>();
        var landmarks = outputs[2].GetTensorDataAsSpan<float>();

        var sx = (float)image.Width / w;
        var sy = (float)image.Height / h;
        var candidates = new List<DetectedFace>();
        var p = 0;
        foreach (var (step, minSizes) in Levels)
        {
            int rows = (h + step - 1) / step, cols = (w + step - 1) / step;
            for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
            foreach (var m in minSizes)
            {
                var score = conf[p * 2 + 1];
                if (score > scoreThreshold)
                    candidates.Add(Decode(loc.Slice(p * 4, 4), landmarks.Slice(p * 10, 10), score,
                        (j + 0.5f) * step / w, (i + 0.5f) * step / h, (float)m / w, (float)m / h, w * sx, h * sy));
                p++;
            }
        }
        return candidates;
    }

    private static void FillInput(byte[] rgb, float[] chw, int plane) =>
        ParallelRanges.For(plane, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                chw[i] = rgb[i * 3 + 2] - 104f;             // B
                chw[plane + i] = rgb[i * 3 + 1] - 117f;     // G
                chw[2 * plane + i] = rgb[i * 3] - 123f;     // R
            }
        });

    private static DetectedFace Decode(ReadOnlySpan<float> loc, ReadOnlySpan<float> lm, float score,
        float pcx, float pcy, float pw, float ph, float imageW, float imageH)
    {
        var cx = pcx + loc[0] * 0.1f * pw;
        var cy = pcy + loc[1] * 0.1f * ph;
        var bw = pw * MathF.Exp(loc[2] * 0.2f);
        var bh = ph * MathF.Exp(loc[3] * 0.2f);
        var points = new float[10];
        for (var k = 0; k < 5; k++)
        {
            points[2 * k] = (pcx + lm[2 * k] * 0.1f * pw) * imageW;
            points[2 * k + 1] = (pcy + lm[2 * k + 1] * 0.1f * ph) * imageH;
        }
        return new DetectedFace((cx - bw / 2) * imageW, (cy - bh / 2) * imageH, (cx + bw / 2) * imageW, (cy + bh / 2) * imageH, score, points);
    }

    private static List<DetectedFace> Nms(List<DetectedFace> faces)
    {
        var kept = new List<DetectedFace>();
        foreach (var f in faces.OrderByDescending(f => f.Score))
            if (kept.All(k => Iou(k, f) <= NmsIou))
                kept.Add(f);
        return kept;
    }

    private static float Iou(DetectedFace a, DetectedFace b)
    {
        var iw = Math.Max(0, Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1));
        var ih = Math.Max(0, Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1));
        var inter = iw * ih;
        return inter / (a.Area + b.Area - inter + 1e-6f);
    }

    public void Dispose() => session.Dispose();
}
