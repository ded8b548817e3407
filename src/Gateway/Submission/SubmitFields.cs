namespace Cartoon.Gateway.Submission;

/// <summary>Names of the multipart fields of POST /v1/jobs.</summary>
public static class SubmitFields
{
    public const string Images = "images";
    public const string ImageUrl = "imageUrl";
    public const string Style = "style";
    public const string Strength = "strength";
    public const string MaxSide = "maxSide";
    public const string Format = "format";
    public const string Quality = "quality";
    public const string Detail = "detail";
    public const string Webhook = "webhook";
    public const string WebhookEvents = "webhookEvents";

    public static readonly IReadOnlyList<string> Parameters = [Style, Strength, MaxSide, Format, Quality, Detail, Webhook, WebhookEvents];

    /// <summary>Image formats (png, jpeg, webp) and video formats (mp4, webm, gif): see <see cref="Submission.OutputFormats"/>.</summary>
    public static IReadOnlyList<string> OutputFormats => Submission.OutputFormats.All;
}
