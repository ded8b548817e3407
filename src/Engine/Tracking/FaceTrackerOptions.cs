namespace Cartoon.Engine.Tracking;

/// <summary>How a <see cref="FaceTracker"/> associates, smooths and gives up faces. Times come from frame indices over <see cref="FramesPerSecond"/>.</summary>
public sealed record FaceTrackerOptions
{
    /// <summary>The video's frame rate: a frame's time is its index over it.</summary>
    public double FramesPerSecond { get; init; } = 30;

    /// <summary>1€ cutoff (Hz) of a still face: lower smooths its landmarks more.</summary>
    public double MinCutoff { get; init; } = 1.0;

    /// <summary>
    /// 1€ cutoff slope, in Hz per (face size per second): each track filters its coordinates in units of its face's size
    /// when first seen (the larger side of its box), so one setting suits a face of 80 px and one of 800 px alike.
    /// </summary>
    public double Beta { get; init; } = 5.0;

    /// <summary>1€ cutoff (Hz) of the speed estimate.</summary>
    public double DerivativeCutoff { get; init; } = 1.0;

    /// <summary>Least overlap (IoU) of a detection with a track's predicted box for the two to be the same face.</summary>
    public float MinIou { get; init; } = 0.3f;

    /// <summary>Frames a track goes on without a detection (coasting on its predicted position) before it is dropped.</summary>
    public int MaxMissedFrames { get; init; } = 3;

    internal void Validate()
    {
        if (!(FramesPerSecond > 0) || !double.IsFinite(FramesPerSecond))
            throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), FramesPerSecond, "The frame rate must be positive.");
        if (!(MinCutoff > 0) || !(DerivativeCutoff > 0) || !(Beta >= 0))
            throw new ArgumentOutOfRangeException(nameof(MinCutoff), "Cutoffs must be positive and beta not negative.");
        if (!(MinIou > 0 && MinIou <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinIou), MinIou, "The least IoU must be in (0, 1].");
        ArgumentOutOfRangeException.ThrowIfNegative(MaxMissedFrames);
    }
}
