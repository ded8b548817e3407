using Cartoon.Media.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media.Tests;

[Collection(ClipsCollection.Name)]
public sealed class MediaSnifferTests(Clips clips)
{
    [Fact]
    public async Task Each_generated_clip_is_told_from_its_first_bytes()
    {
        Assert.Equal(MediaContainer.Mp4, await MediaSniffer.SniffFileAsync(clips.Mp4, CancellationToken.None));
        Assert.Equal(MediaContainer.Matroska, await MediaSniffer.SniffFileAsync(clips.Webm, CancellationToken.None));
        Assert.Equal(MediaContainer.Gif, await MediaSniffer.SniffFileAsync(clips.Gif, CancellationToken.None));
        Assert.Equal(MediaContainer.AnimatedWebp, await MediaSniffer.SniffFileAsync(clips.Webp, CancellationToken.None));
    }

    [Fact]
    public void Quicktime_without_ftyp_is_mp4_family()
    {
        byte[] head = [0, 0, 0, 8, .. "wide"u8, 0, 0, 0, 16, .. "mdat"u8];

        Assert.Equal(MediaContainer.Mp4, MediaSniffer.Sniff(head));
    }

    [Fact]
    public void Still_webp_text_and_short_heads_are_unknown()
    {
        using var still = new Image<Rgb24>(8, 8);
        using var encoded = new MemoryStream();
        still.Save(encoded, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });

        Assert.Equal(MediaContainer.Unknown, MediaSniffer.Sniff(encoded.ToArray()));
        Assert.Equal(MediaContainer.Unknown, MediaSniffer.Sniff("ftyp? no, just text here....."u8));
        Assert.Equal(MediaContainer.Unknown, MediaSniffer.Sniff("GIF8"u8));
        Assert.Equal(MediaContainer.Unknown, MediaSniffer.Sniff([]));
        // A WebP whose VP8X does not set the animation flag.
        byte[] webp = File.ReadAllBytes(clips.Webp)[..MediaSniffer.HeaderLength];
        webp[20] &= unchecked((byte)~0x02);
        Assert.Equal(MediaContainer.Unknown, MediaSniffer.Sniff(webp));
    }
}
