using System.IO.Compression;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;
using Cartoon.Storage;
using Microsoft.Net.Http.Headers;

namespace Cartoon.Gateway.Endpoints;

/// <summary>
/// GET /v1/jobs/{id}/results.zip: every succeeded result so far in one archive, streamed entry by entry as each is read
/// from the store (never held whole in memory). Entries are stored, not deflated: PNG, JPEG and WebP are compressed already.
/// </summary>
public static class GetResultsZipEndpoint
{
    internal static async Task<IResult> HandleAsync(Guid id, HttpContext http, JobStore jobs, IBlobStore store, CancellationToken ct)
    {
        var job = await jobs.GetAsync(id, ct);
        if (job is null)
            return Problems.NotFound("Job");
        var succeeded = job.Manifest.Items.Where(i => job.Item(i.Index).Status == JobStatuses.Succeeded).ToList();
        if (succeeded.Count == 0)
        {
            if (job.IsTerminal)
                return Problems.Result(StatusCodes.Status404NotFound, ProblemReasons.NoResult, "No item of this job succeeded; there is nothing to download.");
            http.Response.Headers.RetryAfter = "2";
            return Problems.Result(StatusCodes.Status409Conflict, ProblemReasons.NotReady, "No result is ready yet.",
                $"The job is {job.Status}.");
        }

        return new ZipResult(id, succeeded, store);
    }

    private sealed class ZipResult(Guid jobId, IReadOnlyList<ManifestItem> items, IBlobStore store) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var ct = http.RequestAborted;
            http.Response.ContentType = "application/zip";
            http.Response.Headers[HeaderNames.ContentDisposition] =
                new ContentDispositionHeaderValue("attachment") { FileName = $"cartoon-{jobId:N}.zip" }.ToString();

            var names = new ResultArchiveNames();
            var buffer = new EntryBufferStream();
            using var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var item in items)
            {
                // A result removed by retention since the status was read is left out rather than failing the rest.
                var blob = await store.GetAsync(item.ResultKey, ct);
                if (blob is null)
                    continue;
                var entry = archive.CreateEntry(names.Next(item.FileName, item.Index, Path.GetExtension(item.ResultKey).TrimStart('.')),
                    CompressionLevel.NoCompression);
                entry.LastWriteTime = blob.LastModified;
                using (var output = entry.Open())
                    output.Write(blob.Data);
                await buffer.DrainToAsync(http.Response.Body, ct);
            }
            archive.Dispose(); // writes the central directory into the buffer (a second Dispose does nothing)
            await buffer.DrainToAsync(http.Response.Body, ct);
        }
    }
}
