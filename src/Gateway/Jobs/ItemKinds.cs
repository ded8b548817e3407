namespace Cartoon.Gateway.Jobs;

/// <summary>What an item is: a still image (one CartoonizeItem) or a video or animation (extracted, cartoonized in chunks, muxed).</summary>
public static class ItemKinds
{
    public const string Image = "image";
    public const string Video = "video";
}
