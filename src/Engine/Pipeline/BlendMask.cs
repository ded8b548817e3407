using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Engine.Pipeline;

/// <summary>DCT-Net's soft oval alpha (grey/255) for pasting heads back, at the 288² crop size.</summary>
internal static class BlendMask
{
    public static float[] Load(string path)
    {
        using var image = Image.Load<L8>(path);
        if (image.Width != Faces.FaceWarp.CropSize || image.Height != Faces.FaceWarp.CropSize)
            image.Mutate(c => c.Resize(Faces.FaceWarp.CropSize, Faces.FaceWarp.CropSize));
        var bytes = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(bytes);
        return Array.ConvertAll(bytes, b => b / 255f);
    }
}
