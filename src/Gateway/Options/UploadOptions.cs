using System.ComponentModel.DataAnnotations;

namespace Cartoon.Gateway.Options;

/// <summary>Caps on what one submit may carry. Section "Uploads".</summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    [Range(1, 1000)]
    public int MaxImagesPerJob { get; set; } = 100;

    [Range(1024, 512L * 1024 * 1024)]
    public long MaxImageBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>The whole multipart body (Kestrel MaxRequestBodySize and the form reader).</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 100L * 1024 * 1024;

    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Longest input side accepted (the model card asks for images under 3000², the engine downsizes to 720 short side).</summary>
    [Range(16, 65535)]
    public int MaxSide { get; set; } = 8192;

    public TimeSpan DecodeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest "maxSide" a client may ask of the output.</summary>
    [Range(64, 16384)]
    public int MaxOutputSide { get; set; } = 4096;
}
