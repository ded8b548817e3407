using System.Security.Cryptography;
using System.Text;

namespace Cartoon.Contracts;

/// <summary>Deterministic ids so that redelivery republishes the same event id (consumers and webhooks dedupe on it).</summary>
public static class StableIds
{
    public static Guid ForItem(Guid jobId, int itemIndex) => Derive($"item:{jobId:N}:{itemIndex}");

    /// <summary>The "item.started" webhook of an item: one per item, whichever replica moved it.</summary>
    public static Guid ForItemStarted(Guid jobId, int itemIndex) => Derive($"item-started:{jobId:N}:{itemIndex}");

    /// <summary>The FramesCompleted of one chunk of a video item.</summary>
    public static Guid ForFrames(Guid jobId, int itemIndex, int chunk) => Derive($"frames:{jobId:N}:{itemIndex}:{chunk}");

    /// <summary>The VideoExtracted of a video item.</summary>
    public static Guid ForVideoExtracted(Guid jobId, int itemIndex) => Derive($"video-extracted:{jobId:N}:{itemIndex}");

    public static Guid ForJobCompleted(Guid jobId) => Derive($"job-completed:{jobId:N}");

    private static Guid Derive(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        return new Guid(hash[..16]);
    }
}
