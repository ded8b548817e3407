using Cartoon.Contracts;
using Cartoon.Engine;

namespace Cartoon.Worker.Consumers;

/// <summary>The pure part of a group: command → engine request, engine results → items, items → events.</summary>
internal static class ItemMapping
{
    /// <summary>One entry per (job, index), first occurrence kept: a command delivered twice into one group runs once.</summary>
    public static IReadOnlyList<CartoonizeItem> DistinctItems(IEnumerable<CartoonizeItem> items)
    {
        var seen = new HashSet<(Guid, int)>();
        var distinct = new List<CartoonizeItem>();
        foreach (var item in items)
        {
            if (seen.Add((item.JobId, item.ItemIndex)))
                distinct.Add(item);
        }
        return distinct;
    }

    /// <summary>The id an item's request carries through the engine (echoed back on its result).</summary>
    public static string RequestId(CartoonizeItem item) => $"{item.JobId:N}:{item.ItemIndex}";

    /// <summary>png, jpeg (or jpg), webp; case-insensitive.</summary>
    public static bool TryParseFormat(string? format, out OutputFormat parsed)
    {
        switch (format?.Trim().ToLowerInvariant())
        {
            case "png":
                parsed = OutputFormat.Png;
                return true;
            case "jpeg":
            case "jpg":
                parsed = OutputFormat.Jpeg;
                return true;
            case "webp":
                parsed = OutputFormat.Webp;
                return true;
            default:
                parsed = default;
                return false;
        }
    }

    /// <summary>standard (or absent, from an older gateway) or high; case-insensitive.</summary>
    public static bool TryParseDetail(string? detail, out Detail parsed)
    {
        switch (detail?.Trim().ToLowerInvariant())
        {
            case null or "" or "standard":
                parsed = Detail.Standard;
                return true;
            case "high":
                parsed = Detail.High;
                return true;
            default:
                parsed = default;
                return false;
        }
    }

    public static string ContentType(OutputFormat format) => format switch
    {
        OutputFormat.Png => "image/png",
        OutputFormat.Jpeg => "image/jpeg",
        OutputFormat.Webp => "image/webp",
        _ => "application/octet-stream",
    };

    /// <summary>The engine request of an item, or the reason it cannot be one (its options are invalid).</summary>
    public static bool TryCreateRequest(CartoonizeItem item, ReadOnlyMemory<byte> input, out CartoonRequest request, out ItemFailure failure)
    {
        request = null!;
        if (!TryParseFormat(item.Format, out var format))
        {
            failure = new ItemFailure(FailureReasons.InvalidOptions, $"Unsupported output format '{item.Format}' (png, jpeg, webp).");
            return false;
        }
        if (!TryParseDetail(item.Detail, out var detail))
        {
            failure = new ItemFailure(FailureReasons.InvalidOptions, $"Unknown detail '{item.Detail}' (standard, high).");
            return false;
        }
        var options = new CartoonParameters
        {
            Detail = detail,
            Style = item.Style,
            Strength = item.Strength,
            MaxSide = item.MaxSide,
            Format = format,
            Quality = item.Quality,
        };
        request = new CartoonRequest(input, options, RequestId(item));
        failure = default;
        return true;
    }

    /// <summary>
    /// Pairs each request with its result by the echoed id; when the engine echoes no ids, by position. A request
    /// left without a result gets null (the caller fails it as internal_error).
    /// </summary>
    public static CartoonResult?[] MatchResults(IReadOnlyList<CartoonRequest> requests, IReadOnlyList<CartoonResult> results)
    {
        var matched = new CartoonResult?[requests.Count];
        var byId = new Dictionary<string, CartoonResult>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (result.Id is not null)
                byId.TryAdd(result.Id, result);
        }

        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i].Id is { } id && byId.TryGetValue(id, out var result))
                matched[i] = result;
            else if (byId.Count == 0 && results.Count == requests.Count)
                matched[i] = results[i];
        }
        return matched;
    }

    public static double QueueWaitMs(CartoonizeItem item, DateTimeOffset groupStartedAt) =>
        Math.Max(0, (groupStartedAt - item.SubmittedAt).TotalMilliseconds);

    /// <summary>One ItemsStaged for the items of a group (all jobs together) entering <paramref name="stage"/>.</summary>
    public static ItemsStaged Staged(string stage, IReadOnlyList<CartoonizeItem> items, string worker, string device, DateTimeOffset at) => new()
    {
        Stage = stage,
        Items = items.Select(i => new ItemRef(i.JobId, i.ItemIndex)).ToArray(),
        Worker = worker,
        Device = device,
        BatchSize = items.Count,
        At = at,
    };

    public static ItemCompleted Completed(CartoonizeItem item, CartoonResult result, ItemRun run, string device,
        DateTimeOffset startedAt, DateTimeOffset completedAt, IReadOnlyList<StageTime>? stages = null) => new()
    {
        EventId = StableIds.ForItem(item.JobId, item.ItemIndex),
        JobId = item.JobId,
        ItemIndex = item.ItemIndex,
        ResultKey = item.ResultKey,
        ContentType = ContentType(result.Format),
        Width = result.Width,
        Height = result.Height,
        Faces = result.Faces,
        UpscaleFactor = result.UpscaleFactor,
        Warnings = result.Warnings,
        BatchSize = run.BatchSize,
        Device = device,
        InferenceMs = run.InferenceMs,
        QueueWaitMs = QueueWaitMs(item, startedAt),
        StartedAt = startedAt,
        CompletedAt = completedAt,
        Stages = stages ?? [],
    };

    public static ItemFailed Failed(CartoonizeItem item, ItemFailure failure, ItemRun run, string device,
        DateTimeOffset startedAt, DateTimeOffset completedAt, IReadOnlyList<StageTime>? stages = null) => new()
    {
        EventId = StableIds.ForItem(item.JobId, item.ItemIndex),
        JobId = item.JobId,
        ItemIndex = item.ItemIndex,
        Reason = failure.Reason,
        Message = failure.Message,
        BatchSize = run.BatchSize,
        Device = device,
        InferenceMs = run.InferenceMs,
        QueueWaitMs = QueueWaitMs(item, startedAt),
        StartedAt = startedAt,
        CompletedAt = completedAt,
        Stages = stages ?? [],
    };
}

