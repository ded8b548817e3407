using SixLabors.ImageSharp.Memory;

namespace Cartoon.Engine.Imaging;

/// <summary>Turns whatever a decoder throws on hostile or broken bytes into a rejection with a reason.</summary>
internal static class DecoderFailures
{
    /// <summary>
    /// Decoders fail with a zoo of exception types on crafted input (IndexOutOfRange, EndOfStream, NullReference,
    /// even OutOfMemory for an array size read from the file), so everything counts but our own rejections and cancellation.
    /// </summary>
    public static bool IsDecoderFailure(Exception exception) =>
        exception is not (ImageRejectedException or OperationCanceledException);

    public static ImageRejectedException Reject(Exception exception, string format) => exception switch
    {
        // ImageSharp's own allocation cap: the pixels would not fit, whatever the header claimed.
        InvalidMemoryOperationException => new(FailureReasons.TooLarge, $"The {format} image needs more memory than allowed: {exception.Message}"),
        // A size taken from the file that no allocation can satisfy; the header checks passed, so it is the content.
        OutOfMemoryException => new(FailureReasons.TooLarge, $"The {format} image needs more memory than is available: {exception.Message}"),
        // A valid file using a feature ImageSharp 2.1 lacks (e.g. lossless JPEG, some TIFF compressions).
        NotSupportedException => new(FailureReasons.UnsupportedFormat, $"This {format} variant is not supported: {exception.Message}"),
        _ => new(FailureReasons.InvalidImage, $"The {format} image could not be read: {exception.Message}"),
    };
}
