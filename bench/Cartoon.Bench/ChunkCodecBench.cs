using System.Diagnostics;
using System.IO.Compression;
using Cartoon.Media;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Bench;

/// <summary>
/// `chunks [--frames 16] [--reps 5] [--out FILE]`: what storing a chunk of video frames costs, for
/// <see cref="FrameChunkCodec"/> (sub filter + Brotli q1) against the other candidates: PNG at ImageSharp's fastest
/// level, sub + zlib fastest, sub + Brotli q0, and ffmpeg's FFV1 in Matroska. Frames are 1280×720 from the sample
/// portrait panned and zoomed by ffmpeg, clean and with sensor-like noise (ffmpeg noise=alls=6). Every candidate is
/// lossless (checked); each row is the fastest of the repetitions, frames coded in parallel where the codec allows.
/// </summary>
internal static class ChunkCodecBench
{
    private const int Width = 1280, Height = 720;

    public static async Task<int> RunAsync(string[] args)
    {
        int count = Args.Int(args, "--frames", 16), reps = Args.Int(args, "--reps", 5);
        var report = new Report(Args.String(args, "--out"));
        report.Header("Frame chunk codecs", $"Cartoon.Bench chunks --frames {count} --reps {reps}");
        var runner = new FfmpegRunner(Options.Create(new MediaOptions { Threads = 2 }));
        report.Line($"{count} frames of {Width}×{Height} RGB24 ({count * Width * Height * 3 / 1048576.0:F1} MiB raw) per chunk; best of {reps}.");
        report.Line();
        report.Line("| frames | codec | encode ms | decode ms | MiB | % of raw |");
        report.Line("| --- | --- | --- | --- | --- | --- |");
        foreach (var (name, noise) in new[] { ("clean", ""), ("noisy", ",noise=alls=6:allf=t") })
        {
            byte[][] frames = await PortraitFramesAsync(runner, count, noise);
            var candidates = new (string Name, Func<byte[][], Task<object>> Encode, Func<object, Task<byte[][]>> Decode, Func<object, long> Size)[]
            {
                ("FrameChunkCodec (sub + Brotli q1)", f => Task.FromResult<object>(FrameChunkCodec.Encode(Chunk(f))), e => Task.FromResult(Unchunk((byte[])e)), e => ((byte[])e).Length),
                ("PNG, ImageSharp fastest", f => EncodeEach(f, Png), e => DecodeEach((byte[][])e, Unpng), Sum),
                ("sub + zlib fastest", f => EncodeEach(f, x => Zlib(Sub(x))), e => DecodeEach((byte[][])e, x => Unsub(Unzlib(x))), Sum),
                ("sub + Brotli q0", f => EncodeEach(f, x => Brotli(Sub(x))), e => DecodeEach((byte[][])e, x => Unsub(Unbrotli(x))), Sum),
                ("FFV1 (ffmpeg, mkv, 2 threads)", f => Ffv1Async(runner, f), e => UnFfv1Async(runner, (byte[])e, count), e => ((byte[])e).Length),
            };
            foreach (var candidate in candidates)
            {
                double bestEncode = double.MaxValue, bestDecode = double.MaxValue;
                long size = 0;
                for (int rep = 0; rep < reps; rep++)
                {
                    var clock = Stopwatch.StartNew();
                    object encoded = await candidate.Encode(frames);
                    bestEncode = Math.Min(bestEncode, clock.Elapsed.TotalMilliseconds);
                    clock.Restart();
                    byte[][] decoded = await candidate.Decode(encoded);
                    bestDecode = Math.Min(bestDecode, clock.Elapsed.TotalMilliseconds);
                    size = candidate.Size(encoded);
                    if (!decoded.Zip(frames).All(p => p.First.AsSpan().SequenceEqual(p.Second)))
                        throw new InvalidOperationException($"{candidate.Name} is not lossless.");
                }

                double raw = (double)count * Width * Height * 3;
                report.Line($"| {name} | {candidate.Name} | {bestEncode:F0} | {bestDecode:F0} | {size / 1048576.0:F1} | {100 * size / raw:F0} |");
            }
        }

        await report.SaveAsync();
        return 0;
    }

    private static async Task<byte[][]> PortraitFramesAsync(FfmpegRunner runner, int count, string noise)
    {
        string portrait = Path.Combine(Portraits.SamplesDirectory(), "dctnet_input_portrait.png");
        var raw = new MemoryStream();
        await runner.RunAsync(new FfmpegCommand(MediaTool.Ffmpeg,
            ["-i", portrait, "-vf", $"scale=1600:-2,zoompan=z='1+0.005*on':x='iw/2-iw/zoom/2+on*4':y='ih/3-ih/zoom/3':d={count}:s={Width}x{Height}:fps=15{noise}",
             "-frames:v", $"{count}", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], TimeSpan.FromMinutes(2))
        {
            Stdout = (stdout, ct) => stdout.CopyToAsync(raw, ct),
        }, CancellationToken.None);
        byte[] all = raw.ToArray();
        int frameBytes = Width * Height * 3;
        return [.. Enumerable.Range(0, count).Select(i => all.AsSpan(i * frameBytes, frameBytes).ToArray())];
    }

    private static FrameChunk Chunk(byte[][] frames) => new(0, [.. frames.Select(f => Image.LoadPixelData<Rgb24>(f, Width, Height))]);

    private static byte[][] Unchunk(byte[] encoded)
    {
        using FrameChunk chunk = FrameChunkCodec.Decode(encoded);
        return [.. chunk.Frames.Select(f =>
        {
            var bytes = new byte[Width * Height * 3];
            f.CopyPixelDataTo(bytes);
            return bytes;
        })];
    }

    private static Task<object> EncodeEach(byte[][] frames, Func<byte[], byte[]> code) => Task.FromResult<object>(EachFrame(frames, code));

    private static Task<byte[][]> DecodeEach(byte[][] frames, Func<byte[], byte[]> code) => Task.FromResult(EachFrame(frames, code));

    private static byte[][] EachFrame(byte[][] frames, Func<byte[], byte[]> code)
    {
        var output = new byte[frames.Length][];
        Parallel.For(0, frames.Length, i => output[i] = code(frames[i]));
        return output;
    }

    private static long Sum(object encoded) => ((byte[][])encoded).Sum(e => (long)e.Length);

    private static byte[] Png(byte[] frame)
    {
        using var image = Image.LoadPixelData<Rgb24>(frame, Width, Height);
        using var output = new MemoryStream();
        image.Save(output, new PngEncoder { CompressionLevel = PngCompressionLevel.BestSpeed, ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
        return output.ToArray();
    }

    private static byte[] Unpng(byte[] png)
    {
        using var image = Image.Load<Rgb24>(png);
        var bytes = new byte[Width * Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }

    private static byte[] Sub(byte[] frame)
    {
        var output = new byte[frame.Length];
        for (int row = 0; row < frame.Length; row += Width * 3)
        {
            frame.AsSpan(row, 3).CopyTo(output.AsSpan(row));
            for (int x = row + 3; x < row + (Width * 3); x++)
                output[x] = (byte)(frame[x] - frame[x - 3]);
        }

        return output;
    }

    private static byte[] Unsub(byte[] filtered)
    {
        for (int row = 0; row < filtered.Length; row += Width * 3)
        {
            for (int x = row + 3; x < row + (Width * 3); x++)
                filtered[x] += filtered[x - 3];
        }

        return filtered;
    }

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(data);
        return output.ToArray();
    }

    private static byte[] Unzlib(byte[] data)
    {
        var output = new byte[Width * Height * 3];
        using var zlib = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        zlib.ReadExactly(output);
        return output;
    }

    private static byte[] Brotli(byte[] data)
    {
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(data.Length)];
        BrotliEncoder.TryCompress(data, output, out int written, 0, 22);
        return output[..written];
    }

    private static byte[] Unbrotli(byte[] data)
    {
        var output = new byte[Width * Height * 3];
        BrotliDecoder.TryDecompress(data, output, out _);
        return output;
    }

    private static async Task<object> Ffv1Async(FfmpegRunner runner, byte[][] frames)
    {
        var output = new MemoryStream();
        await runner.RunAsync(new FfmpegCommand(MediaTool.Ffmpeg,
            ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{Width}x{Height}", "-i", "pipe:0",
             "-c:v", "ffv1", "-level", "3", "-slices", "4", "-threads", "2", "-f", "matroska", "pipe:1"], TimeSpan.FromMinutes(2))
        {
            Stdin = async (stdin, ct) =>
            {
                foreach (byte[] frame in frames)
                    await stdin.WriteAsync(frame, ct);
            },
            Stdout = (stdout, ct) => stdout.CopyToAsync(output, ct),
        }, CancellationToken.None);
        return output.ToArray();
    }

    private static async Task<byte[][]> UnFfv1Async(FfmpegRunner runner, byte[] mkv, int count)
    {
        var output = new MemoryStream();
        await runner.RunAsync(new FfmpegCommand(MediaTool.Ffmpeg,
            ["-threads", "2", "-f", "matroska", "-i", "pipe:0", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], TimeSpan.FromMinutes(2))
        {
            Stdin = (stdin, ct) => stdin.WriteAsync(mkv, ct).AsTask(),
            Stdout = (stdout, ct) => stdout.CopyToAsync(output, ct),
        }, CancellationToken.None);
        byte[] all = output.ToArray();
        int frameBytes = Width * Height * 3;
        return [.. Enumerable.Range(0, count).Select(i => all.AsSpan(i * frameBytes, frameBytes).ToArray())];
    }
}
