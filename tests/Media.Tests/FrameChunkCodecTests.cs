using Cartoon.Media.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media.Tests;

[Collection(ClipsCollection.Name)]
public sealed class FrameChunkCodecTests(Clips clips)
{
    [Fact]
    public void Real_frames_round_trip_losslessly_and_smaller()
    {
        using var chunk = new FrameChunk(48, [.. Enumerable.Range(0, 16).Select(i => clips.SourceFrame(i % Clips.FrameCount))]);

        byte[] encoded = FrameChunkCodec.Encode(chunk);
        using FrameChunk decoded = FrameChunkCodec.Decode(encoded);

        Assert.Equal(48, decoded.FirstFrameIndex);
        Assert.Equal((16, Clips.Width, Clips.Height), (decoded.Count, decoded.Width, decoded.Height));
        for (int i = 0; i < 16; i++)
            Assert.Equal(Pixels.Bytes(chunk.Frames[i]), Pixels.Bytes(decoded.Frames[i]));
        Assert.True(encoded.Length < 16 * Clips.Width * Clips.Height * 3 * 0.8, $"{encoded.Length} bytes: barely compressed");
    }

    [Fact]
    public void Noise_and_odd_sizes_round_trip_losslessly()
    {
        var random = new Random(7);
        Image<Rgb24> Noise(int w, int h)
        {
            var bytes = new byte[w * h * 3];
            random.NextBytes(bytes);
            return Image.LoadPixelData<Rgb24>(bytes, w, h);
        }

        using var chunk = new FrameChunk(0, [Noise(37, 1), Noise(37, 1), Noise(37, 1)]);
        using FrameChunk decoded = FrameChunkCodec.Decode(FrameChunkCodec.Encode(chunk));

        for (int i = 0; i < 3; i++)
            Assert.Equal(Pixels.Bytes(chunk.Frames[i]), Pixels.Bytes(decoded.Frames[i]));
    }

    [Fact]
    public void Damaged_or_foreign_bytes_are_refused()
    {
        using var chunk = new FrameChunk(0, [clips.SourceFrame(0), clips.SourceFrame(1)]);
        byte[] encoded = FrameChunkCodec.Encode(chunk);
        byte[] flipped = (byte[])encoded.Clone();
        flipped[^10] ^= 0xFF;

        Assert.Throws<InvalidDataException>(() => FrameChunkCodec.Decode(encoded[..^50]));
        Assert.Throws<InvalidDataException>(() => FrameChunkCodec.Decode(flipped));
        Assert.Throws<InvalidDataException>(() => FrameChunkCodec.Decode("not a chunk at all, just some text"u8.ToArray()));
    }
}
