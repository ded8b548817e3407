namespace Cartoon.Engine.Imaging;

/// <summary>What decoding an input left behind that its cartoon cannot show (each becomes an item warning).</summary>
[Flags]
public enum DecodeLosses
{
    None = 0,

    /// <summary>
    /// Some pixel was not fully opaque: the decoded colours are flattened onto white (the nets only see opaque images).
    /// When the caller also took the alpha plane, a PNG or WebP result puts it back and this is no loss of that result;
    /// a JPEG result cannot, and reports <see cref="ItemWarnings.AlphaFlattened"/>.
    /// </summary>
    AlphaFlattened = 1,

    /// <summary>An animated GIF, PNG (APNG) or WebP: only its first frame was decoded.</summary>
    LaterFramesDropped = 2,

    /// <summary>An embedded colour profile other than sRGB: its pixels were read as sRGB and the profile is not carried over.</summary>
    ColorProfileDropped = 4,
}
