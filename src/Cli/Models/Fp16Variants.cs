using System.Security.Cryptography;
using Cartoon.Engine;
using Cartoon.Engine.Inference;
using Onnx;

namespace Cartoon.Cli.Models;

/// <summary>
/// Writes the fp16 variant of each DCT-Net generator of a models folder (dctnet_&lt;style&gt;_{head,bg}.onnx →
/// dctnet_&lt;style&gt;_{head,bg}.fp16.onnx) into an output folder, then checks that ONNX Runtime loads and runs it.
/// The face detector is left alone: the engine runs it fp32 whatever Engine:Precision says.
/// </summary>
internal static class Fp16Variants
{
    public static IEnumerable<string> GeneratorFiles(IEnumerable<string> styles) =>
        styles.SelectMany(s => new[] { ModelFiles.Head(s), ModelFiles.Background(s) });

    /// <summary>Converts one file; the variant is written under a temporary name and moved into place, so a reader
    /// (an engine starting on a shared models volume) never sees half a file.</summary>
    public static Fp16ConversionReport Convert(string fp32Path, string fp16Path, IReadOnlySet<string> keepFloat32)
    {
        var model = ModelProto.Parser.ParseFromFile(fp32Path);
        var report = Fp16Converter.Convert(model, keepFloat32);
        Write(model, fp32Path, fp16Path, "fp16",
            "cartoon models fp16: float16 initializers and compute, float32 input/output (Casts at the graph edges)", keepFloat32);
        return report;
    }

    /// <summary>Writes the <see cref="Fp16Emulation"/> of one file (quality checks on CPU only).</summary>
    public static void Emulate(string fp32Path, string path, IReadOnlySet<string> keepFloat32)
    {
        var model = ModelProto.Parser.ParseFromFile(fp32Path);
        Fp16Emulation.Apply(model, keepFloat32);
        Write(model, fp32Path, path, "fp32-rounded-as-fp16",
            "cartoon models compare --emulate: float32 compute, every tensor rounded to float16; NOT for serving", keepFloat32);
    }

    private static void Write(ModelProto model, string fp32Path, string path, string precision, string conversion, IReadOnlySet<string> keepFloat32)
    {
        SetMetadata(model, "precision", precision);
        SetMetadata(model, "fp16_source", Path.GetFileName(fp32Path));
        SetMetadata(model, "fp16_source_sha256", Sha256(fp32Path));
        SetMetadata(model, "fp16_conversion",
            conversion + (keepFloat32.Count > 0 ? $"; kept float32: {string.Join(",", keepFloat32.Order(StringComparer.Ordinal))}" : ""));
        var temporary = path + ".tmp";
        model.WriteToFile(temporary);
        File.Move(temporary, path, overwrite: true);
    }

    private static void SetMetadata(ModelProto model, string key, string value)
    {
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == key);
        if (entry is null)
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        else
            entry.Value = value;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return System.Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The styles whose two fp32 generators are in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> StylesIn(string directory) =>
        Styles.All.Where(s => GeneratorFiles([s]).All(f => File.Exists(Path.Combine(directory, f)))).ToArray();
}
