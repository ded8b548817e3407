using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Tests.Shared.Video;

/// <summary>
/// How much a sequence of frames changes from one frame to the next, and how much more (or less) a processed sequence
/// changes than its input: a cartoon whose heads jitter or whose background flickers changes more between frames than
/// the video it came from did. The ratio compares each sequence with itself, so output and input may differ in size.
/// </summary>
public static class Flicker
{
    /// <summary>Mean absolute difference per channel (0..255) of two same-size frames, over <paramref name="region"/> (null: all).</summary>
    public static double MeanAbsoluteDifference(Image<Rgb24> a, Image<Rgb24> b, Rectangle? region = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Size() != b.Size())
            throw new ArgumentException($"Frames differ in size: {a.Size()} and {b.Size()}.", nameof(b));
        var area = Rectangle.Intersect(region ?? a.Bounds(), a.Bounds());
        if (area.Width <= 0 || area.Height <= 0)
            throw new ArgumentException($"The region {region} lies outside the {a.Size()} frame.", nameof(region));
        long sum = 0;
        for (var y = area.Top; y < area.Bottom; y++)
            for (var x = area.Left; x < area.Right; x++)
            {
                Rgb24 p = a[x, y], q = b[x, y];
                sum += Math.Abs(p.R - q.R) + Math.Abs(p.G - q.G) + Math.Abs(p.B - q.B);
            }
        return sum / (3.0 * area.Width * area.Height);
    }

    /// <summary>The mean, over consecutive pairs, of <see cref="MeanAbsoluteDifference"/>: 0 for a still sequence.</summary>
    public static double TemporalDifference(IReadOnlyList<Image<Rgb24>> frames, Rectangle? region = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count < 2)
            throw new ArgumentException("Flicker needs at least two frames.", nameof(frames));
        return Enumerable.Range(1, frames.Count - 1).Average(t => MeanAbsoluteDifference(frames[t - 1], frames[t], region));
    }

    /// <summary>
    /// The output's <see cref="TemporalDifference"/> over the input's: about 1 when the output changes as the input
    /// does, above 1 when processing adds flicker. <paramref name="outputRegion"/> and <paramref name="inputRegion"/>
    /// (null: whole frames) pick the same part of the picture in each, e.g. a face.
    /// </summary>
    public static double Ratio(IReadOnlyList<Image<Rgb24>> inputs, IReadOnlyList<Image<Rgb24>> outputs,
        Rectangle? inputRegion = null, Rectangle? outputRegion = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (inputs.Count != outputs.Count)
            throw new ArgumentException($"{outputs.Count} output frames for {inputs.Count} input frames.", nameof(outputs));
        var input = TemporalDifference(inputs, inputRegion);
        if (input == 0)
            throw new ArgumentException("The input does not change at all: a ratio against it means nothing.", nameof(inputs));
        return TemporalDifference(outputs, outputRegion) / input;
    }

    /// <summary><see cref="Ratio"/> of encoded frames (e.g. the engine's PNG outputs and the PNGs it was given).</summary>
    public static double Ratio(IReadOnlyList<byte[]> inputs, IReadOnlyList<byte[]> outputs, Rectangle? inputRegion = null, Rectangle? outputRegion = null)
    {
        var decodedInputs = inputs.Select(bytes => Image.Load<Rgb24>(bytes)).ToList();
        var decodedOutputs = outputs.Select(bytes => Image.Load<Rgb24>(bytes)).ToList();
        try
        {
            return Ratio(decodedInputs, decodedOutputs, inputRegion, outputRegion);
        }
        finally
        {
            decodedInputs.Concat(decodedOutputs).ToList().ForEach(image => image.Dispose());
        }
    }
}
