using System.Diagnostics;
using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Inference;
using Cartoon.Engine.Pipeline;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Bench;

/// <summary>
/// `naive FILE... --out DIR`: the plain pipeline a user of the official DCT-Net code writes, as the baseline of the
/// `cli` bench: sessions created once with ONNX Runtime's defaults (<c>new SessionOptions()</c>: arena on, every core),
/// one image at a time, one head pass per face, the reference steps in order (cap the short side at 720, pad to 16
/// with white, bg, detect, align, head, paste, resize back, PNG/JPEG as the input). It shares the engine's face math
/// (detector decoding, similarity fit, warp and paste) so both produce the same pictures: only the way the work is
/// driven differs.
/// </summary>
internal static class NaivePeer
{
    public static int Run(string[] args)
    {
        var outDir = Args.String(args, "--out") ?? throw new ArgumentException("--out DIR is required.");
        var files = args.TakeWhile(a => a != "--out").ToArray();
        Directory.CreateDirectory(outDir);
        var models = ModelLocator.Resolve(null);
        var clock = Stopwatch.StartNew();
        using var bg = new InferenceSession(Path.Combine(models, ModelFiles.Background("anime")));
        using var head = new InferenceSession(Path.Combine(models, ModelFiles.Head("anime")));
        using var detector = new RetinaFaceDetector(new InferenceSession(Path.Combine(models, ModelFiles.Detector)), 0.8f, 640);
        var mask = BlendMask.Load(Path.Combine(models, ModelFiles.BlendMask));
        Console.WriteLine($"sessions ready in {clock.Elapsed.TotalMilliseconds:F0} ms");
        foreach (var file in files)
        {
            var started = clock.Elapsed;
            using var image = Image.Load<Rgb24>(file);
            var original = PixelBuffer.From(image);
            var (ww, wh) = WorkSize.For(original.Width, original.Height);
            var work = original.Resize(ww, wh);
            var cartoon = Generate(bg, new WorkItem(0, new CartoonRequest(ReadOnlyMemory<byte>.Empty, new()), original, work));
            foreach (var face in detector.Detect(work, 10))
            {
                var toCrop = SimilarityTransform.Fit(face.Landmarks, SimilarityTransform.Template288);
                var crop = new float[FaceWarp.CropSize * FaceWarp.CropSize * 3];
                FaceWarp.WarpToCrop(work, toCrop, crop);
                var output = new float[crop.Length];
                Run(head, crop, output, FaceWarp.CropSize, FaceWarp.CropSize);
                FaceWarp.PasteBack(output, mask, toCrop, cartoon, ww, wh);
            }
            var bytes = new byte[cartoon.Length];
            for (var i = 0; i < bytes.Length; i++)
                bytes[i] = (byte)Math.Clamp(MathF.Round(cartoon[i]), 0f, 255f);
            using var result = new PixelBuffer(ww, wh, bytes).Resize(original.Width, original.Height).AsImage();
            // As cv2.imwrite would: PNG at the fastest compression, JPEG at quality 95.
            var name = Path.Combine(outDir, Path.GetFileNameWithoutExtension(file));
            if (file.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
                result.SaveAsJpeg(name + ".jpg", new JpegEncoder { Quality = 95 });
            else
                result.SaveAsPng(name + ".png", new PngEncoder { CompressionLevel = PngCompressionLevel.BestSpeed });
            Console.WriteLine($"{Path.GetFileName(file)}: {(clock.Elapsed - started).TotalMilliseconds:F0} ms");
        }
        Console.WriteLine($"{files.Length} images in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    /// <summary>The bg pass of one image, white-padded to 16 as the reference does, cropped back as RGB floats.</summary>
    private static float[] Generate(InferenceSession bg, WorkItem item)
    {
        var (height, width) = (WorkSize.PadTo16(item.Work.Height), WorkSize.PadTo16(item.Work.Width));
        var input = BackgroundBatch.Pack([item], 1, height, width);
        var output = new float[input.Length];
        Run(bg, input, output, height, width);
        return BackgroundBatch.Unpack(output, 0, height, width, item.Work.Width, item.Work.Height);
    }

    private static void Run(InferenceSession session, float[] input, float[] output, int height, int width)
    {
        long[] shape = [1, height, width, 3];
        using var inValue = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var outValue = OrtValue.CreateTensorValueFromMemory(output, shape);
        using var runOptions = new RunOptions();
        session.Run(runOptions, ["input_image"], [inValue], ["output_image"], [outValue]);
    }
}
