using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Cartoon.Gateway.Jobs;

/// <summary>Where a page of GET /v1/jobs ended: opaque to clients (base64url of submit time and id).</summary>
public readonly record struct JobListCursor(DateTimeOffset SubmittedAt, Guid JobId)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{SubmittedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{JobId:N}"));

    public static bool TryParse(string? text, out JobListCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 128)
            return false;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        var parts = Encoding.ASCII.GetString(bytes).Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParseExact(parts[1], "N", out var id))
            return false;
        cursor = new JobListCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
