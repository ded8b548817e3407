using System.CommandLine;
using System.Globalization;
using Cartoon.Engine;
using Cartoon.Engine.Inference;
using Microsoft.Extensions.Logging;

namespace Cartoon.Cli.Models;

/// <summary>
/// `cartoon models fp16 --out DIR [--models DIR] [--style S]... [--keep-fp32 NODE]...`: writes the fp16 variants of the
/// DCT-Net generators and checks each runs in ONNX Runtime.
/// `cartoon models compare SAMPLES... [--models DIR] [--style S]... [--min-ssim 0.98]`: SSIM of the whole pipeline at
/// Fp16 against Fp32 per style and sample; exits 1 when one falls under the bar.
/// </summary>
internal static class ModelsCommand
{
    private const int TimedRuns = 7;

    public static Command Build() => new("models", "Model files: fp16 variants and their quality") { Fp16(), Compare() };

    private static Option<string?> ModelsOption(string description) => new("--models") { Description = description };

    private static Option<string[]> StylesOption()
    {
        var styles = new Option<string[]>("--style", "-s")
        {
            Description = $"A style to include (repeat the option for more; default: all of {string.Join(", ", Styles.All)} found)",
        };
        styles.AcceptOnlyFromAmong([.. Styles.All]);
        return styles;
    }

    private static Command Fp16()
    {
        var models = ModelsOption("Folder with the fp32 dctnet_*.onnx (default: as `convert` finds it)");
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for the *.fp16.onnx variants", Required = true };
        var styles = StylesOption();
        var keep = KeepOption();
        var time = new Option<bool>("--time") { Description = $"Check at 288x288 and time {TimedRuns} ORT CPU passes of each file, fp32 and fp16 alternating" };
        var command = new Command("fp16", "Write float16 variants of the DCT-Net generators (float32 I/O)") { models, output, styles, keep, time };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            string source;
            try
            {
                source = ModelLocator.Resolve(parse.GetValue(models));
            }
            catch (ModelsNotFoundException ex)
            {
                stderr.WriteLine(ex.Message);
                return 3;
            }
            var available = Fp16Variants.StylesIn(source);
            var asked = parse.GetValue(styles) ?? [];
            if (asked.Except(available).ToList() is { Count: > 0 } missing)
            {
                stderr.WriteLine($"No dctnet_<style>_head.onnx / _bg.onnx pair in {source} for: {string.Join(", ", missing)}.");
                return 3;
            }
            var chosen = Chosen(asked, available);
            if (chosen.Count == 0)
            {
                stderr.WriteLine($"No dctnet_<style>_head.onnx / _bg.onnx pairs in {source}.");
                return 3;
            }
            var target = parse.GetValue(output)!;
            target.Create();
            var keepFloat32 = KeepSet(parse, keep);
            var timed = parse.GetValue(time);
            var failed = 0;
            foreach (var file in Fp16Variants.GeneratorFiles(chosen))
            {
                var fp32 = Path.Combine(source, file);
                var fp16 = Path.Combine(target.FullName, ModelFiles.Variant(file, ModelPrecision.Fp16));
                var report = Fp16Variants.Convert(fp32, fp16, keepFloat32);
                var check = VariantCheck.Run(fp32, fp16, timed ? 288 : 64, timed ? TimedRuns : 0);
                // A NaN or a jump past the output range means the graph computes something else, not rounding.
                var ok = float.IsFinite(check.MaxDifference) && check.MaxDifference < 0.25f;
                failed += ok ? 0 : 1;
                var timing = timed
                    ? string.Create(CultureInfo.InvariantCulture, $"; median of {TimedRuns} alternating passes: fp32 {check.Fp32Ms:F0} ms, fp16 {check.Fp16Ms:F0} ms")
                    : "";
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(ok ? "ok" : "FAILED")} {Path.GetFileName(fp16)}: {report.InitializersConverted} initializers to fp16, " +
                    $"{report.WeightCastsRemoved} weight casts removed, {report.CastsInserted} casts added, " +
                    $"{report.NodesKeptFloat32} nodes kept fp32, {report.ValuesClamped} values clamped; " +
                    $"ORT CPU {(timed ? 288 : 64)}² pass max |fp16-fp32| {check.MaxDifference:F4}{timing}"));
            }
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Compare()
    {
        var samples = new Argument<FileInfo[]>("samples") { Description = "Images to run at both precisions", Arity = ArgumentArity.OneOrMore };
        var models = ModelsOption("Folder with the fp32 files (default: as `convert` finds it); the fp16 variants are made from them into a temporary folder");
        var styles = StylesOption();
        var keep = KeepOption();
        var emulate = new Option<bool>("--emulate")
        {
            Description = "Run an fp32 graph that rounds every tensor to fp16 instead of the fp16 file: on CPU, ONNX Runtime computes most of the fp16 file in fp32",
        };
        var device = new Option<DevicePreference>("--device") { Description = "auto, cuda or cpu", DefaultValueFactory = _ => DevicePreference.Cpu };
        var minSsim = new Option<double>("--min-ssim") { Description = "Lowest SSIM accepted", DefaultValueFactory = _ => 0.98 };
        var command = new Command("compare", "SSIM of the whole pipeline at Fp16 against Fp32, per style and sample")
        {
            samples, models, styles, keep, emulate, device, minSsim,
        };
        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            VariantFolder folder;
            PrecisionComparison comparison;
            try
            {
                folder = VariantFolder.Create(ModelLocator.Resolve(parse.GetValue(models)), parse.GetValue(emulate), KeepSet(parse, keep));
            }
            catch (Exception ex) when (ex is ModelsNotFoundException or NotSupportedException or ArgumentException)
            {
                await stderr.WriteLineAsync(ex.Message);
                return 3;
            }
            using (folder)
            {
                try
                {
                    comparison = new PrecisionComparison(folder.Path, parse.GetValue(device), loggers);
                }
                catch (Exception ex) when (ex is ModelsNotFoundException or InvalidOperationException or InvalidDataException)
                {
                    await stderr.WriteLineAsync(ex.Message);
                    return 3;
                }
                using (comparison)
                {
                    var bar = parse.GetValue(minSsim);
                    var below = 0;
                    await stdout.WriteLineAsync(
                        $"device {comparison.Device}; {(parse.GetValue(emulate) ? "fp16 rounding emulated in fp32" : "fp16 files")}; " +
                        "SSIM of the Fp16 engine's PNG against the Fp32 engine's, whole pipeline");
                    await stdout.WriteLineAsync("| style | sample | faces | SSIM |");
                    await stdout.WriteLineAsync("| --- | --- | --- | --- |");
                    foreach (var style in Chosen(parse.GetValue(styles), Styles.All))
                        foreach (var sample in parse.GetValue(samples)!)
                        {
                            var row = await comparison.CompareAsync(style, sample.FullName, ct);
                            below += row.Ssim >= bar ? 0 : 1;
                            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                                $"| {row.Style} | {row.Sample} | {row.Faces} | {row.Ssim:F4} |"));
                        }
                    if (below > 0)
                        await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{below} results under SSIM {bar}"));
                    return below == 0 ? 0 : 1;
                }
            }
        });
        return command;
    }

    private static Option<string[]> KeepOption() => new("--keep-fp32")
    {
        Description = "A node to keep computing in float32 (repeat the option for more)",
    };

    private static HashSet<string> KeepSet(ParseResult parse, Option<string[]> keep) =>
        (parse.GetValue(keep) ?? []).ToHashSet(StringComparer.Ordinal);

    private static IReadOnlyList<string> Chosen(string[]? asked, IReadOnlyList<string> available) =>
        asked is { Length: > 0 } ? available.Where(asked.Contains).ToArray() : available;
}
