using Cartoon.Engine.Inference;

namespace Cartoon.Cli.Models;

/// <summary>
/// A temporary models folder for a precision check: links to every file of a read-only fp32 models folder, plus an
/// fp16 variant of each generator made from it, either the real one or its <see cref="Fp16Emulation"/>. An engine at
/// Engine:Precision Fp16 pointed here loads those variants through its ordinary path.
/// </summary>
internal sealed class VariantFolder : IDisposable
{
    private VariantFolder(string path) => Path = path;

    public string Path { get; }

    public static VariantFolder Create(string fp32Directory, bool emulate, IReadOnlySet<string> keepFloat32)
    {
        var folder = new VariantFolder(Directory.CreateTempSubdirectory("cartoon-fp16-").FullName);
        try
        {
            foreach (var file in Directory.GetFiles(fp32Directory).Where(f => !f.EndsWith(ModelFiles.Fp16Suffix, StringComparison.Ordinal)))
                File.CreateSymbolicLink(System.IO.Path.Combine(folder.Path, System.IO.Path.GetFileName(file)), file);
            foreach (var file in Fp16Variants.GeneratorFiles(Fp16Variants.StylesIn(fp32Directory)))
            {
                var source = System.IO.Path.Combine(fp32Directory, file);
                var target = System.IO.Path.Combine(folder.Path, ModelFiles.Variant(file, ModelPrecision.Fp16));
                if (emulate)
                    Fp16Variants.Emulate(source, target, keepFloat32);
                else
                    Fp16Variants.Convert(source, target, keepFloat32);
            }
            return folder;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
