using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Storage;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Endpoints;

/// <summary>
/// GET /v1/jobs/{id}/items/{index}/result: 302 to a presigned URL when the store can presign (S3), else the bytes
/// streamed by the gateway (file system). 409 while the item is queued or processing, 404 when it has no result.
/// </summary>
public static class GetResultEndpoint
{
    internal static async Task<IResult> HandleAsync(Guid id, int index, HttpContext http, JobStore jobs, IBlobStore store,
        IOptions<GatewayOptions> options, CancellationToken ct)
    {
        var job = await jobs.GetAsync(id, ct);
        if (job is null)
            return Problems.NotFound("Job");
        var item = job.Manifest.Items.FirstOrDefault(i => i.Index == index);
        if (item is null)
        {
            var rejected = job.Manifest.Rejected.FirstOrDefault(r => r.Index == index);
            return rejected is null
                ? Problems.NotFound("Item")
                : Problems.Result(StatusCodes.Status404NotFound, ProblemReasons.NoResult, "This image was rejected at submit.",
                    rejected.Message, [new("itemReason", rejected.Reason)]);
        }

        var record = job.Item(index);
        switch (record.Status)
        {
            case JobStatuses.Queued or JobStatuses.Processing:
                http.Response.Headers.RetryAfter = "2";
                return Problems.Result(StatusCodes.Status409Conflict, ProblemReasons.NotReady, "The result is not ready yet.",
                    $"The item is {record.Status}.", [new("itemStatus", record.Status)]);
            case JobStatuses.Failed or JobStatuses.Canceled:
                return Problems.Result(StatusCodes.Status404NotFound, ProblemReasons.NoResult, $"The item {record.Status}; it has no result.",
                    record.Message, [new("itemStatus", record.Status), new("itemReason", record.Reason)]);
        }

        var presigned = await store.GetDownloadUrlAsync(item.ResultKey, options.Value.ResultUrlExpiry, ct);
        if (presigned is not null)
            return TypedResults.Redirect(presigned.ToString());

        var blob = await store.GetAsync(item.ResultKey, ct);
        if (blob is null)
            return Problems.Result(StatusCodes.Status404NotFound, ProblemReasons.ResultExpired, "The result is no longer stored.");
        var contentType = record.ContentType ?? blob.ContentType;
        var fileName = $"{Path.GetFileNameWithoutExtension(item.FileName ?? $"item-{index}")}-cartoon{Path.GetExtension(item.ResultKey)}";
        return TypedResults.File(blob.Data, contentType, fileName, lastModified: blob.LastModified);
    }
}
