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
    public IReadOnlyList<DetectedFace> Detect(PixelBuffer image, int maxFaces, IReadOnlyList<int> longSides) =>
        Detect([image], maxFaces, longSides, DetectorBatching.Single)[0];

    /// <summary>
    /// As <see cref="Detect(PixelBuffer, int, IReadOnlyList{int})"/> for every image, in as few passes as
    /// <paramref name="batching"/> allows: the images that scale to the same size at a long side share a pass (a video's
    /// frames all do). The net sees each image of a batch alone, so an image's faces do not depend on its batch mates
    /// beyond float rounding.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<DetectedFace>> Detect(IReadOnlyList<PixelBuffer> images, int maxFaces, IReadOnlyList<int> longSides,
        DetectorBatching batching)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(batching);
        var candidates = images.Select(_ => new List<DetectedFace>()).ToArray();
        if (maxFaces <= 0)
            return candidates;
        foreach (var side in longSides)
        {
            foreach (var sameSize in Enumerable.Range(0, images.Count).GroupBy(i => ScaledSize(images[i], side)))
            foreach (var chunk in sameSize.Chunk(Math.Max(1, batching.MaxImages)))
            {
                var found = Candidates(chunk.Select(i => images[i]).ToArray(), sameSize.Key, batching.BatchOf(chunk.Length));
                for (var k = 0; k < chunk.Length; k++)
                    candidates[chunk[k]].AddRange(found[k]);
            }
        }
        return candidates.Select(c => (IReadOnlyList<DetectedFace>)Nms(c).OrderByDescending(f => f.Area).Take(maxFaces).ToArray()).ToArray();
    }

    /// <summary>The size an image is scaled to for a detection at <paramref name="scaledLongSide"/>.</summary>
    private static (int Width, int Height) ScaledSize(PixelBuffer image, int scaledLongSide)
    {
        var scale = (float)scaledLongSide / Math.Max(image.Width, image.Height);
        return (Math.Max(32, (int)Math.Round(image.Width * scale)), Math.Max(32, (int)Math.Round(image.Height * scale)));
    }

    /// <summary>
    /// ONE pass over images that all scale to <paramref name="size"/>, fed as <paramref name="batch"/> (≥ their count: the
    /// rest are mean-grey padding, whose outputs are ignored). Every decoded box above the score threshold, in each
    /// image's own pixels, before NMS.
    /// </summary>
    private List<DetectedFace>[] Candidates(IReadOnlyList<PixelBuffer> images, (int Width, int Height) size, int batch)
    {
        var (w, h) = size;
        var plane = w * h;
        var input = new float[batch * 3 * plane];
        for (var n = 0; n < images.Count; n++)
            FillInput(images[n].Resize(w, h).Data, input, n * 3 * plane, plane);

        using var inValue = OrtValue.CreateTensorValueFromMemory(input, [batch, 3, h, w]);
        using var runOptions = new RunOptions();
        _listener?.Passing(IPassListener.DetectorName, new NetShape(batch, h, w));
        using var outputs = session.Run(runOptions, ["input0"], [inValue], ["output0", "output1", "output2"]);
        var priors = (int)outputs[0].GetTensorTypeAndShape().Shape[1];
        var found = new List<DetectedFace>[images.Count];
        for (var n = 0; n < images.Count; n++)
            found[n] = Decode(images[n], w, h,
                outputs[0].GetTensorDataAsSpan<float>().Slice(n * priors * 4, priors * 4),
                outputs[1].GetTensorDataAsSpan<float>().Slice(n * priors * 2, priors * 2),
                outputs[2].GetTensorDataAsSpan<float>().Slice(n * priors * 10, priors * 10));
        return found;
    }

    /// <summary>One image's outputs, decoded against the SSD priors of the <paramref name="w"/>×<paramref name="h"/> input it was scaled to.</summary>
    private List<DetectedFace> Decode(PixelBuffer image, int w, int h, ReadOnlySpan<float> loc, ReadOnlySpan<float> conf, ReadOnlySpan<float> landmarks)
    {
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

    private static void FillInput(byte[] rgb, float[] chw, int offset, int plane) =>
        ParallelRanges.For(plane, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                chw[offset + i] = rgb[i * 3 + 2] - 104f;             // B
                chw[offset + plane + i] = rgb[i * 3 + 1] - 117f;     // G
                chw[offset + 2 * plane + i] = rgb[i * 3] - 123f;     // R
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
            if (kept.All(k => k.Iou(f) <= NmsIou))
                kept.Add(f);
        return kept;
    }

    public void Dispose() => session.Dispose();
}
