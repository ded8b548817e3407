using System.CommandLine;
using Cartoon.Engine;
using Cartoon.Media;

namespace Cartoon.Cli;

/// <summary>`cartoon convert &lt;files or folders...&gt; --out DIR --style STYLE [...]`.</summary>
internal static class ConvertCommand
{
    public static RootCommand Build()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Image or video files, or folders", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder", Required = true };
        var style = new Option<string>("--style", "-s") { Description = $"One of {string.Join(", ", Styles.All)}", DefaultValueFactory = _ => Styles.Default };
        style.AcceptOnlyFromAmong([.. Styles.All]);
        var strength = new Option<float>("--strength") { Description = "0 = original, 1 = pure DCT-Net", DefaultValueFactory = _ => 1f };
        var maxSide = new Option<int?>("--max-side") { Description = "Long side of the output (default: input size)" };
        var format = new Option<OutputFormat>("--format", "-f") { Description = "png, jpeg or webp", DefaultValueFactory = _ => OutputFormat.Png };
        // Raw (packed pixels) is the engine's format for video frames, not a file format.
        format.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<OutputFormat>() == OutputFormat.Raw)
                result.AddError("--format: png, jpeg or webp.");
        });
        var quality = new Option<int>("--quality") { Description = "JPEG/WebP quality 1..100", DefaultValueFactory = _ => 90 };
        var detail = new Option<Detail>("--detail") { Description = "standard, or high: large photos worked at up to 1536 px short side, background in tiles (slower)", DefaultValueFactory = _ => Detail.Standard };
        var videoFormat = new Option<VideoFormat?>("--video-format")
        {
            Description = "mp4, webm, gif or webp for videos (default: mp4; an animated GIF stays gif, an animated WebP webp)",
        };
        var maxBatch = new Option<int>("--max-batch") { Description = "Images per batched forward pass (a video's frames per chunk)", DefaultValueFactory = _ => 8 };
        var models = new Option<string?>("--models") { Description = "Folder with the DCT-Net weights (default: Engine:ModelsDirectory, CARTOON_MODELS, ./models or ../shared/models)" };
        var device = new Option<DevicePreference>("--device") { Description = "auto, cuda or cpu", DefaultValueFactory = _ => DevicePreference.Auto };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0 = all cores)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log engine details" };

        var convert = new Command("convert", "Cartoonize portraits with DCT-Net")
        {
            inputs, output, style, strength, maxSide, format, videoFormat, quality, detail, maxBatch, models, device, threads, verbose,
        };
        convert.SetAction((parse, ct) =>
        {
            var settings = new ConvertSettings(
                parse.GetValue(inputs)!, parse.GetValue(output)!,
                new CartoonParameters
                {
                    Style = parse.GetValue(style)!,
                    Strength = parse.GetValue(strength),
                    MaxSide = parse.GetValue(maxSide),
                    Format = parse.GetValue(format),
                    Quality = parse.GetValue(quality),
                    Detail = parse.GetValue(detail),
                },
                parse.GetValue(maxBatch),
                new EngineOptions
                {
                    ModelsDirectory = parse.GetValue(models),
                    Device = parse.GetValue(device),
                    IntraOpThreads = parse.GetValue(threads),
                    Preload = [parse.GetValue(style)!],
                },
                parse.GetValue(verbose))
            {
                VideoFormat = parse.GetValue(videoFormat),
            };
            return ConvertRunner.RunAsync(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });

        return new RootCommand("Cartoon: DCT-Net portrait cartoonization") { convert };
    }
}

internal sealed record ConvertSettings(
    string[] Inputs, DirectoryInfo Output, CartoonParameters Parameters, int MaxBatch, EngineOptions Engine, bool Verbose)
{
    /// <summary>The format videos are written in; null: each video's default (see <c>VideoFormats.For</c>).</summary>
    public VideoFormat? VideoFormat { get; init; }

    /// <summary>ffmpeg and the video limits (the services' "Media" section defaults).</summary>
    public MediaOptions Media { get; init; } = new();
}
