namespace Cartoon.Engine.Imaging;

/// <summary>The format names <see cref="ImageHeader.Format"/> and <see cref="ImageProbe.SniffFormat"/> use.</summary>
internal static class ImageFormatNames
{
    public const string Jpeg = "jpeg";
    public const string Png = "png";
    public const string Webp = "webp";
    public const string Bmp = "bmp";
    public const string Gif = "gif";
    public const string Tiff = "tiff";
}
