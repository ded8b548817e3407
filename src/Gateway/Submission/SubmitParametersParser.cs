using System.Globalization;
using Cartoon.Engine;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Webhooks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Cartoon.Gateway.Submission;

public sealed class SubmitParametersParser(IOptions<UploadOptions> options)
{
    public (ParsedParameters? Parsed, Dictionary<string, string[]> Errors) Parse(IFormCollection form)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        string? Single(string field)
        {
            var values = form[field];
            if (values.Count > 1)
                Error(field, "Give this field once.");
            var value = values.Count == 0 ? null : values[0]?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        var style = Single(SubmitFields.Style)?.ToLowerInvariant() ?? Styles.Default;
        if (!Styles.IsKnown(style))
            Error(SubmitFields.Style, $"Unknown style '{style}'. One of: {string.Join(", ", Styles.All)}.");

        var strength = 1f;
        if (Single(SubmitFields.Strength) is { } s)
        {
            if (!float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out strength) || !float.IsFinite(strength) || strength is < 0 or > 1)
                Error(SubmitFields.Strength, "strength must be a number from 0 to 1.");
        }

        int? maxSide = null;
        var maxOutput = options.Value.MaxOutputSide;
        if (Single(SubmitFields.MaxSide) is { } m)
        {
            if (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var side) || side < 64 || side > maxOutput)
                Error(SubmitFields.MaxSide, $"maxSide must be an integer from 64 to {maxOutput}.");
            else
                maxSide = side;
        }

        var format = Single(SubmitFields.Format)?.ToLowerInvariant() ?? "png";
        if (format == "jpg")
            format = "jpeg";
        if (!SubmitFields.OutputFormats.Contains(format))
            Error(SubmitFields.Format, "format must be png, jpeg or webp (images) or mp4, webm or gif (videos).");

        var quality = 90;
        if (Single(SubmitFields.Quality) is { } q)
        {
            if (!int.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out quality) || quality is < 1 or > 100)
                Error(SubmitFields.Quality, "quality must be an integer from 1 to 100.");
        }

        var detail = Single(SubmitFields.Detail)?.ToLowerInvariant() ?? JobDetails.Standard;
        if (!JobDetails.All.Contains(detail))
            Error(SubmitFields.Detail, "detail must be standard or high.");

        var webhook = Single(SubmitFields.Webhook);
        var events = ParseEvents(form[SubmitFields.WebhookEvents], Error);
        if (webhook is null && form[SubmitFields.WebhookEvents].Count > 0)
            Error(SubmitFields.WebhookEvents, "webhookEvents needs a webhook.");

        if (errors.Count > 0)
            return (null, errors);
        return (new ParsedParameters(new JobParameters(style, strength, maxSide, format, quality, detail), webhook, events), errors);
    }

    /// <summary>Comma-separated and/or repeated: "completed,item.failed" or two fields.</summary>
    private static IReadOnlyList<string> ParseEvents(StringValues values, Action<string, string> error)
    {
        var events = values
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(e => e.ToLowerInvariant())
            .Distinct()
            .ToList();
        foreach (var e in events.Where(e => !WebhookEvents.All.Contains(e)))
            error(SubmitFields.WebhookEvents, $"Unknown event '{e}'. One of: {string.Join(", ", WebhookEvents.All)}.");
        return events.Count == 0 ? WebhookEvents.Default : events;
    }
}
