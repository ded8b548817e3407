using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// Turns untrusted encoded bytes into an upright, opaque, 8-bit RGB image (plus, on request, the alpha plane that was
/// flattened), or a rejection with a reason.
/// </summary>
public static class ImageDecoder
{
    /// <summary>
    /// Probes (limits are enforced from the header before any pixel allocation), decodes the first frame only,
    /// applies EXIF orientation, converts to 8-bit RGB and flattens alpha onto white. The result carries no metadata
    /// (<see cref="DecodeLosses"/> says what that lost).
    /// </summary>
    /// <exception cref="ImageRejectedException">
    /// Any reason <see cref="ImageProbe.Probe"/> gives; <see cref="FailureReasons.InvalidImage"/> when the pixel data is
    /// broken; <see cref="FailureReasons.DecodeTimeout"/> after <see cref="ImageLimits.DecodeTimeout"/>.
    /// </exception>
    public static Image<Rgb24> Decode(ReadOnlyMemory<byte> data, ImageLimits limits) => Decode(data, limits, out _);

    /// <inheritdoc cref="Decode(ReadOnlyMemory{byte}, ImageLimits)"/>
    /// <param name="losses">What the decoded image no longer shows: transparency, later frames, a colour profile.</param>
    public static Image<Rgb24> Decode(ReadOnlyMemory<byte> data, ImageLimits limits, out DecodeLosses losses)
    {
        Decoded decoded = Decode(data, limits, keepAlpha: false);
        losses = decoded.Losses;
        return decoded.Image;
    }

    /// <inheritdoc cref="Decode(ReadOnlyMemory{byte}, ImageLimits, out DecodeLosses)"/>
    /// <param name="alpha">
    /// The input's alpha, upright at the decoded size, when some pixel is not fully opaque (then
    /// <paramref name="losses"/> has <see cref="DecodeLosses.AlphaFlattened"/>); null for an opaque input. The returned
    /// colours are flattened onto white either way: the nets were trained on opaque photos.
    /// </param>
    public static Image<Rgb24> Decode(ReadOnlyMemory<byte> data, ImageLimits limits, out DecodeLosses losses, out AlphaPlane? alpha)
    {
        Decoded decoded = Decode(data, limits, keepAlpha: true);
        (losses, alpha) = (decoded.Losses, decoded.Alpha);
        return decoded.Image;
    }

    private static Decoded Decode(ReadOnlyMemory<byte> data, ImageLimits limits, bool keepAlpha)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.DecodeTimeout != Timeout.InfiniteTimeSpan)
        {
            // Checked before a thread starts: Task.WaitAny would only refuse it after.
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limits.DecodeTimeout, TimeSpan.Zero, nameof(limits));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limits.DecodeTimeout, TimeSpan.FromMilliseconds(int.MaxValue), nameof(limits));
        }

        // Native memory could be released by the caller while an abandoned decode still reads it; an array cannot.
        // Oversized input is not copied: the probe rejects it by length alone.
        if (!MemoryMarshal.TryGetArray(data, out _) && data.Length <= limits.MaxBytes)
        {
            data = data.ToArray();
        }

        // A dedicated thread, so that a crafted file that spins the decoder costs that thread and not a pool
        // thread, and so that pool starvation never turns into spurious timeouts.
        var cancellation = new CancellationTokenSource();
        Task<Decoded> decoding = Task.Factory.StartNew(
            () => DecodeUpright(data, limits, keepAlpha, cancellation.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        if (Task.WaitAny([decoding], limits.DecodeTimeout) < 0)
        {
            // The decoders poll the token between rows/frames; until one does, the thread runs on, so its result
            // (if any) is disposed and its failure observed when it ends. The token source stays undisposed for it.
            cancellation.Cancel();
            decoding.ContinueWith(AbandonedDecodeFinished, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new ImageRejectedException(FailureReasons.DecodeTimeout, $"Decoding took longer than {limits.DecodeTimeout.TotalSeconds:0.###} s.");
        }

        cancellation.Dispose();
        return decoding.GetAwaiter().GetResult();
    }

    private static Decoded DecodeUpright(ReadOnlyMemory<byte> data, ImageLimits limits, bool keepAlpha, CancellationToken cancellationToken)
    {
        (ImageHeader header, ushort orientation) = ImageProbe.Inspect(data.Span, limits);
        if (header.Format == ImageFormatNames.Webp)
        {
            data = data[..WebpChunks.RiffLength(data.Span)];
        }

        bool animated = AnimationProbe.HasLaterFrames(header.Format, data.Span);
        DecodeLosses losses = animated ? DecodeLosses.LaterFramesDropped : DecodeLosses.None;
        // ImageSharp 2.1's PNG decoder runs with metadata off (see DecoderConfiguration): the iCCP chunk is read here.
        if (header.Format == ImageFormatNames.Png && ColorProfiles.ReadPng(data.Span) is { } icc && ColorProfiles.IsLost(icc))
        {
            losses |= DecodeLosses.ColorProfileDropped;
        }

        Image<Rgb24>? image = null;
        AlphaPlane? alpha = null;
        try
        {
            image = header.Format switch
            {
                ImageFormatNames.Jpeg => DecodeOpaque(data, ref losses, cancellationToken),
                ImageFormatNames.Webp when animated => Flatten(AnimatedWebp.DecodeFirstFrame(data.Span, cancellationToken), keepAlpha, ref losses, ref alpha),
                _ => Flatten(DecodeWithAlpha(data, header.Format, cancellationToken), keepAlpha, ref losses, ref alpha),
            };
            ExifOrientation.Apply(image, orientation);
            alpha = alpha?.Upright(orientation);
        }
        catch (Exception exception) when (DecoderFailures.IsDecoderFailure(exception))
        {
            image?.Dispose();
            throw DecoderFailures.Reject(exception, header.Format);
        }
        catch
        {
            image?.Dispose();
            throw;
        }

        if (image.Width != header.Width || image.Height != header.Height)
        {
            (int width, int height) = (image.Width, image.Height);
            image.Dispose();
            throw new ImageRejectedException(
                FailureReasons.InvalidImage,
                $"The {header.Format} image decoded to {width}x{height} although its header says {header.Width}x{header.Height}.");
        }

        return new Decoded(image, losses, alpha);
    }

    /// <summary>JPEG has no alpha, so it decodes straight to RGB (ImageSharp converts grayscale, YCbCr, Adobe CMYK/YCCK).</summary>
    private static Image<Rgb24> DecodeOpaque(ReadOnlyMemory<byte> data, ref DecodeLosses losses, CancellationToken cancellationToken)
    {
        using Stream stream = OpenRead(data);
        Image<Rgb24> image = DecoderConfiguration.Decoder(ImageFormatNames.Jpeg).Decode<Rgb24>(DecoderConfiguration.Instance, stream, cancellationToken);
        if (ColorProfiles.IsLost(image.Metadata.IccProfile))
        {
            losses |= DecodeLosses.ColorProfileDropped;
        }

        // Portraits often carry GPS and camera EXIF: none of it may reach the output.
        image.Metadata.XmpProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.IccProfile = null;
        return image;
    }

    private static Image<Rgba32> DecodeWithAlpha(ReadOnlyMemory<byte> data, string format, CancellationToken cancellationToken)
    {
        using Stream stream = OpenRead(data);
        return DecoderConfiguration.Decoder(format).Decode<Rgba32>(DecoderConfiguration.Instance, stream, cancellationToken);
    }

    /// <summary>
    /// Flattening copies the pixels into a fresh image, which also leaves every metadata profile behind. The alpha plane
    /// is kept only when asked for and only when some pixel is translucent: an opaque RGBA file costs nothing more.
    /// </summary>
    private static Image<Rgb24> Flatten(Image<Rgba32> image, bool keepAlpha, ref DecodeLosses losses, ref AlphaPlane? alpha)
    {
        using (image)
        {
            if (ColorProfiles.IsLost(image.Metadata.IccProfile))
            {
                losses |= DecodeLosses.ColorProfileDropped;
            }

            Image<Rgb24> flat = WhiteMatte.Flatten(image, out bool transparent);
            if (transparent)
            {
                losses |= DecodeLosses.AlphaFlattened;
                alpha = keepAlpha ? AlphaPlane.Of(image) : null;
            }

            return flat;
        }
    }

    private static MemoryStream OpenRead(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out ArraySegment<byte> segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);

    private static void AbandonedDecodeFinished(Task<Decoded> decoding)
    {
        if (decoding.Status == TaskStatus.RanToCompletion)
        {
            decoding.Result.Image.Dispose();
        }
        else
        {
            _ = decoding.Exception;
        }
    }

    private readonly record struct Decoded(Image<Rgb24> Image, DecodeLosses Losses, AlphaPlane? Alpha);
}
