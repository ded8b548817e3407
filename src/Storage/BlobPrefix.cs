namespace Cartoon.Storage;

public static class BlobPrefix
{
    /// <summary>Deletes every object under <paramref name="prefix"/> (listed first, then deleted one by one); returns how many.</summary>
    public static async Task<int> DeletePrefixAsync(this IBlobStore store, string prefix, CancellationToken ct = default)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefix, ct).ConfigureAwait(false))
            keys.Add(item.Key);
        foreach (var key in keys)
            await store.DeleteAsync(key, ct).ConfigureAwait(false);
        return keys.Count;
    }
}
