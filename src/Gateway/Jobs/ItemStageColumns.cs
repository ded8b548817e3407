using Cartoon.Contracts;
using Cartoon.Database.Rows;

namespace Cartoon.Gateway.Jobs;

/// <summary>The item row's one timestamp column per running stage, by stage name.</summary>
public static class ItemStageColumns
{
    public static DateTimeOffset? Get(JobItemRow item, string stage) => stage switch
    {
        ItemStages.Fetching => item.FetchingAt,
        ItemStages.Decoding => item.DecodingAt,
        ItemStages.Inferring => item.InferringAt,
        ItemStages.Encoding => item.EncodingAt,
        ItemStages.Storing => item.StoringAt,
        _ => null,
    };

    /// <summary>Records that the item entered <paramref name="stage"/>; false for a stage that is not a running one.</summary>
    public static bool Set(JobItemRow item, string stage, DateTimeOffset at)
    {
        switch (stage)
        {
            case ItemStages.Fetching: item.FetchingAt = at; return true;
            case ItemStages.Decoding: item.DecodingAt = at; return true;
            case ItemStages.Inferring: item.InferringAt = at; return true;
            case ItemStages.Encoding: item.EncodingAt = at; return true;
            case ItemStages.Storing: item.StoringAt = at; return true;
            default: return false;
        }
    }

    /// <summary>The running stages the item reached, in stage order.</summary>
    public static IReadOnlyList<StageTime> Reached(JobItemRow item) =>
        [.. ItemStages.Running.Where(s => Get(item, s) is not null).Select(s => new StageTime(s, Get(item, s)!.Value))];
}
