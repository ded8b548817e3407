using Cartoon.Engine;
using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Cli.Models;

/// <summary>
/// The whole pipeline run twice over the same images, once with Engine:Precision Fp32 and once with Fp16, and the SSIM of
/// each pair of PNG results. Both engines run on one device; on CPU the fp16 graphs run with ORT's inserted Casts (see
/// <see cref="VariantCheck"/>), which is how the quality of the fp16 variants is checked without a GPU.
/// </summary>
internal sealed class PrecisionComparison : IDisposable
{
    private readonly CartoonEngine _fp32;
    private readonly CartoonEngine _fp16;

    public PrecisionComparison(string? modelsDirectory, DevicePreference device, ILoggerFactory loggers)
    {
        _fp32 = Create(modelsDirectory, device, PrecisionPreference.Fp32, loggers);
        try
        {
            _fp16 = Create(modelsDirectory, device, PrecisionPreference.Fp16, loggers);
        }
        catch
        {
            _fp32.Dispose();
            throw;
        }
    }

    public string Device => _fp16.Device;

    public async Task<PrecisionComparisonRow> CompareAsync(string style, string samplePath, CancellationToken ct)
    {
        var request = new CartoonRequest(await File.ReadAllBytesAsync(samplePath, ct),
            new CartoonParameters { Style = style, Format = OutputFormat.Png }, Path.GetFileName(samplePath));
        var reference = await RunAsync(_fp32, request, ct);
        var half = await RunAsync(_fp16, request, ct);
        using var a = Image.Load<Rgb24>(reference.Output!);
        using var b = Image.Load<Rgb24>(half.Output!);
        return new PrecisionComparisonRow(style, request.Id!, half.Faces, Ssim.Compute(a, b));
    }

    private static async Task<CartoonResult> RunAsync(CartoonEngine engine, CartoonRequest request, CancellationToken ct)
    {
        var result = (await engine.CartoonizeAsync([request], ct)).Items[0];
        return result.Succeeded
            ? result
            : throw new InvalidOperationException($"{request.Id}: {result.FailureReason}: {result.FailureMessage}");
    }

    private static CartoonEngine Create(string? modelsDirectory, DevicePreference device, PrecisionPreference precision, ILoggerFactory loggers) =>
        new(new EngineOptions
        {
            ModelsDirectory = modelsDirectory,
            Device = device,
            Precision = precision,
            Preload = [],
            WarmUp = false,
        }, loggers.CreateLogger<CartoonEngine>());

    public void Dispose()
    {
        _fp32.Dispose();
        _fp16.Dispose();
    }
}
