namespace Cartoon.Engine.Imaging;

/// <summary>What decoding an input left behind that its cartoon cannot show (each becomes an item warning).</summary>
[Flags]
public enum DecodeLosses
{
    None = 0,

    /// <summary>Some pixel was not fully opaque and was flattened onto white.</summary>
    AlphaFlattened = 1,

    /// <summary>An animated GIF, PNG (APNG) or WebP: only its first frame was decoded.</summary>
    LaterFramesDropped = 2,

    /// <summary>An embedded colour profile other than sRGB: its pixels were read as sRGB and the profile is not carried over.</summary>
    ColorProfileDropped = 4,
}
