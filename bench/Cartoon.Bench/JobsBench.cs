using System.Globalization;

namespace Cartoon.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Cartoon.Bench -- jobs --gateway http://127.0.0.1:5180 [--images 12] [--style anime]
/// [--runs 1] [--timeout 600]`: one job of N portraits (720×720, one size tier) through a running gateway, end to end:
/// multipart submit, status polled every 100 ms until terminal. Prints, per run, the seconds from submit to completed,
/// images/s, the engine calls seen (items' batchSize, grouped by startedAt), the device and the summed inference ms.
/// Works against either mode: it only speaks the public HTTP API.
/// </summary>
internal static class JobsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var gateway = new Uri((Args.String(args, "--gateway") ?? "http://127.0.0.1:5080").TrimEnd('/') + "/");
        var count = Args.Int(args, "--images", 12);
        var style = Args.String(args, "--style") ?? "anime";
        var runs = Args.Int(args, "--runs", 1);
        var timeout = TimeSpan.FromSeconds(Args.Int(args, "--timeout", 600));

        var images = Portraits.Cycle(Portraits.SameTier().Concat(Portraits.MoreSameTier()).ToList(), count);
        using var client = new GatewayClient(gateway);
        Console.WriteLine($"# Jobs benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC): {gateway}");
        Console.WriteLine($"Client machine: {Environment.ProcessorCount} cores, {Machine.CpuModel()}, {Machine.MemoryGiB():F0} GiB");
        Console.WriteLine($"Job: {images.Count} images ({string.Join(", ", images.Select(i => i.Name))}), style {style}, PNG out, " +
                          $"{images.Sum(i => i.Bytes.Length) / 1024.0 / 1024:F1} MiB uploaded");

        for (var run = 1; run <= runs; run++)
        {
            var result = await client.RunAsync(images, style, TimeSpan.FromMilliseconds(100), timeout);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: job {result.Id} {result.Status} ({result.Succeeded}/{images.Count} succeeded); " +
                $"submit→completed {result.ClientSeconds:F2} s (submit answered in {result.SubmitSeconds:F2} s; server durationMs {result.ServerDurationMs:F0}); " +
                $"{images.Count / result.ClientSeconds:F2} images/s; engine calls (items each, by start): [{string.Join(", ", result.Groups)}]; " +
                $"batchSize values: [{string.Join(", ", result.Items.Select(i => i.BatchSize).OfType<int>().Distinct().Order())}]; device {result.Device}; " +
                $"inference ms summed over items {result.InferenceMs:F0} ({result.InferenceMs / images.Count:F0} ms/image)"));
            if (result.Status != "succeeded" || result.Succeeded != images.Count)
                return 1;
        }
        return 0;
    }
}
