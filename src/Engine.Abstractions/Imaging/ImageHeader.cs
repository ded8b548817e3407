namespace Cartoon.Engine.Imaging;

/// <summary>
/// What an image's header says. <see cref="Width"/> and <see cref="Height"/> are as displayed, i.e. after EXIF
/// orientation; <see cref="Rotated90"/> says the stored pixels are transposed relative to that (orientations 5–8).
/// </summary>
/// <param name="Format">One of "jpeg", "png", "webp", "bmp", "gif", "tiff".</param>
public sealed record ImageHeader(string Format, int Width, int Height, bool Rotated90);
