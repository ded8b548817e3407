namespace Cartoon.Engine.Inference;

/// <summary>
/// Which weights each style's generators load, from Engine:Precision and the device. Auto takes the fp16 variants on
/// CUDA only, and only for a style that has both (head and bg): on CPU, ONNX Runtime lacks fp16 kernels for most of the
/// graph and computes it in fp32 between Casts, so fp16 there gains no speed (docs/benchmarks.md, "fp16 variants").
/// The face detector always runs fp32: it is small and its scores feed a threshold.
/// </summary>
public sealed class PrecisionPolicy(PrecisionPreference preference, bool cuda, string modelsDirectory)
{
    public PrecisionPreference Preference { get; } = preference;

    public ModelPrecision For(string style) => Preference switch
    {
        PrecisionPreference.Fp16 => ModelPrecision.Fp16,
        PrecisionPreference.Auto when cuda && HasFp16(style) => ModelPrecision.Fp16,
        _ => ModelPrecision.Fp32,
    };

    /// <summary>Styles with one fp16 file but not the other: Auto runs them fp32, which an operator should hear about.</summary>
    public IReadOnlyList<string> Incomplete() =>
        Styles.All.Where(s => Fp16Files(s).Count(File.Exists) == 1).ToArray();

    /// <summary>With Precision = Fp16, fails fast naming the first missing variant and how to make it.</summary>
    public void RequireFiles()
    {
        if (Preference != PrecisionPreference.Fp16)
            return;
        foreach (var path in Styles.All.SelectMany(Fp16Files))
            if (!File.Exists(path))
                throw new ModelsNotFoundException(
                    $"Engine:Precision is Fp16 but {path} is missing. Make the fp16 variants beside the fp32 files with " +
                    "scripts/fp16-models.sh (cartoon models fp16), or set Engine:Precision to Auto or Fp32.");
    }

    private bool HasFp16(string style) => Fp16Files(style).All(File.Exists);

    private IEnumerable<string> Fp16Files(string style) =>
    [
        Path.Combine(modelsDirectory, ModelFiles.Head(style, ModelPrecision.Fp16)),
        Path.Combine(modelsDirectory, ModelFiles.Background(style, ModelPrecision.Fp16)),
    ];
}
