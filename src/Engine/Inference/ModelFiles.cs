namespace Cartoon.Engine.Inference;

/// <summary>File names inside the models folder, one place.</summary>
public static class ModelFiles
{
    public const string Detector = "retinaface_mnet025.onnx";
    public const string BlendMask = "dctnet_face_blend_mask_288.jpg";

    /// <summary>What an fp16 variant's name ends with, in place of ".onnx": dctnet_anime_head.fp16.onnx.</summary>
    public const string Fp16Suffix = ".fp16.onnx";

    public static string Head(string style) => $"dctnet_{style}_head.onnx";

    public static string Background(string style) => $"dctnet_{style}_bg.onnx";

    public static string Head(string style, ModelPrecision precision) => Variant(Head(style), precision);

    public static string Background(string style, ModelPrecision precision) => Variant(Background(style), precision);

    /// <summary>
    /// The file of <paramref name="precision"/> for an fp32 file name. The fp16 variants sit beside the fp32 files in
    /// the same folder (made by `cartoon models fp16`, never committed: *.onnx is ignored like the weights).
    /// </summary>
    public static string Variant(string fp32FileName, ModelPrecision precision) =>
        precision == ModelPrecision.Fp16 ? Path.ChangeExtension(fp32FileName, null) + Fp16Suffix : fp32FileName;

    /// <summary>Fails fast naming the first missing file.</summary>
    public static string Require(string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
            throw new ModelsNotFoundException($"Model file missing: {path}. The models folder must hold {fileName}.");
        return path;
    }
}
