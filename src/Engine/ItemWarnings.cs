using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;

namespace Cartoon.Engine;

/// <summary>
/// Stable, machine-readable codes of what a succeeded item's cartoon does not show as asked; they travel in events,
/// job status, webhooks and the web UI (docs/api.md, "Item warnings").
/// </summary>
public static class ItemWarnings
{
    /// <summary>The output is more than <see cref="UpscaleLimit"/>× the work size the nets ran at: soft detail.</summary>
    public const string Upscaled = "upscaled";

    /// <summary>No face was found: the whole picture is the background net's, no head pass refined a face.</summary>
    public const string NoFace = "no_face";

    /// <summary>A face had to be magnified more than <see cref="SmallFaceLimit"/>× into the head net's 288² crop.</summary>
    public const string SmallFace = "small_face";

    /// <summary>
    /// The input had transparency and the output format cannot carry it (JPEG): the result is flattened onto white.
    /// PNG and WebP results keep the input's alpha and do not raise it.
    /// </summary>
    public const string AlphaFlattened = "alpha_flattened";
    public const string FirstFrameOnly = "first_frame_only";
    public const string ColorProfileDropped = "color_profile_dropped";

    /// <summary>Output long side over work long side above which <see cref="Upscaled"/> is raised.</summary>
    public const double UpscaleLimit = 2.0;

    /// <summary>Crop pixels per work-image pixel above which a face is <see cref="SmallFace"/> (its eyes under ~34 px apart).</summary>
    public const double SmallFaceLimit = 2.0;

    /// <summary>Every code, in the order they are reported.</summary>
    public static IReadOnlyList<string> All { get; } = [Upscaled, NoFace, SmallFace, AlphaFlattened, FirstFrameOnly, ColorProfileDropped];

    /// <param name="losses">What the result lost in decoding: the decode's losses less the transparency a PNG or WebP result put back.</param>
    internal static IReadOnlyList<string> For(double upscale, IReadOnlyList<DetectedFace> faces, DecodeLosses losses)
    {
        var warnings = new List<string>();
        if (upscale > UpscaleLimit)
            warnings.Add(Upscaled);
        if (faces.Count == 0)
            warnings.Add(NoFace);
        else if (faces.Any(f => Magnification(f) > SmallFaceLimit))
            warnings.Add(SmallFace);
        if (losses.HasFlag(DecodeLosses.AlphaFlattened))
            warnings.Add(AlphaFlattened);
        if (losses.HasFlag(DecodeLosses.LaterFramesDropped))
            warnings.Add(FirstFrameOnly);
        if (losses.HasFlag(DecodeLosses.ColorProfileDropped))
            warnings.Add(ColorProfileDropped);
        return warnings;
    }

    /// <summary>The scale of the similarity that maps the face's landmarks onto the head net's template.</summary>
    internal static double Magnification(DetectedFace face)
    {
        var fit = SimilarityTransform.Fit(face.Landmarks, SimilarityTransform.Template288);
        return Math.Sqrt(fit.A * fit.A + fit.B * fit.B);
    }
}
