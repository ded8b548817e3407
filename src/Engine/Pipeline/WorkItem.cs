using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;

namespace Cartoon.Engine.Pipeline;

/// <summary>One decoded item on its way through a group call.</summary>
internal sealed class WorkItem(int index, CartoonRequest request, PixelBuffer original, PixelBuffer work, DecodeLosses losses = DecodeLosses.None)
{
    public int Index { get; } = index;
    public CartoonRequest Request { get; } = request;

    /// <summary>Upright decoded input at its own size (the default output size).</summary>
    public PixelBuffer Original { get; } = original;

    /// <summary>Short side capped at 720: what the nets see.</summary>
    public PixelBuffer Work { get; } = work;

    /// <summary>Cartoon at work size, RGB 0..255 floats: the bg result, heads pasted over it.</summary>
    public float[] Cartoon { get; set; } = [];

    public IReadOnlyList<DetectedFace> Faces { get; set; } = [];

    /// <summary>What decoding dropped (transparency, frames, colour profile): reported as warnings.</summary>
    public DecodeLosses Losses { get; } = losses;

    /// <summary>The input's alpha at <see cref="Original"/>'s size when it had transparency (see <see cref="TransparentOutput"/>).</summary>
    public AlphaPlane? Alpha { get; init; }
}
