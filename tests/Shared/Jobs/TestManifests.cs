using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Tests.Shared.Jobs;

/// <summary>A job as the gateway records it at submit: <paramref name="items"/> square PNGs of one side, all in tier "s".</summary>
public static class TestManifests
{
    public static JobManifest Create(Guid jobId, DateTimeOffset submittedAt, int items, int side = 64) => new()
    {
        JobId = jobId,
        TenantId = "default",
        SubmittedAt = submittedAt,
        BaseUrl = "http://localhost/",
        Parameters = new JobParameters("anime", 1f, null, "png", 90),
        Items = Enumerable.Range(0, items).Select(i => new ManifestItem
        {
            Index = i, InputKey = JobObjectKeys.Input(jobId, i), ResultKey = JobObjectKeys.Result(jobId, i, "png"), InputFormat = "png",
            Bytes = side * side, Width = side, Height = side, WorkWidth = side, WorkHeight = side, Tier = "s",
        }).ToList(),
    };
}
