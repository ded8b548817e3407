namespace Cartoon.Media;

/// <summary>An input the media layer refuses (by the probe, the limits or the extractor), with its <see cref="MediaRefusal"/>.</summary>
public sealed class MediaRejectedException(MediaRefusal refusal) : Exception(refusal.Reason)
{
    public MediaRefusal Refusal { get; } = refusal;
}
