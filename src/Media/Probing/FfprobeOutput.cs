using System.Globalization;
using System.Text.Json;

namespace Cartoon.Media.Probing;

/// <summary>The fields the probe reads from ffprobe's JSON (<c>-of json -show_entries ...</c>).</summary>
internal sealed record FfprobeOutput(string FormatName, double? Duration, IReadOnlyList<FfprobeStream> Streams)
{
    /// <summary>What <see cref="Parse"/> needs, for ffprobe's <c>-show_entries</c>.</summary>
    public const string Entries =
        "format=format_name,duration:stream=index,codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,duration,nb_frames"
        + ":stream_tags=rotate,DURATION:stream_side_data=rotation:stream_disposition=attached_pic";

    public static FfprobeOutput Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        var streams = new List<FfprobeStream>();
        if (root.TryGetProperty("streams", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement s in list.EnumerateArray())
                streams.Add(ParseStream(s));
        }

        string formatName = "";
        double? duration = null;
        if (root.TryGetProperty("format", out JsonElement format))
        {
            formatName = String(format, "format_name") ?? "";
            duration = Number(format, "duration");
        }

        return new FfprobeOutput(formatName, duration, streams);
    }

    private static FfprobeStream ParseStream(JsonElement s)
    {
        JsonElement tags = s.TryGetProperty("tags", out JsonElement t) ? t : default;
        double? duration = Number(s, "duration") ?? Clock(tags.ValueKind == JsonValueKind.Object ? String(tags, "DURATION") : null);
        double? rotation = null;
        if (s.TryGetProperty("side_data_list", out JsonElement sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement entry in sideData.EnumerateArray())
                rotation ??= Number(entry, "rotation");
        }

        // The old "rotate" tag turns clockwise; the display matrix's rotation counter-clockwise.
        if (rotation is null && tags.ValueKind == JsonValueKind.Object && Number(tags, "rotate") is { } clockwise)
            rotation = -clockwise;
        bool attached = s.TryGetProperty("disposition", out JsonElement disposition) && Number(disposition, "attached_pic") == 1;
        return new FfprobeStream(
            (int)(Number(s, "index") ?? 0),
            String(s, "codec_type") ?? "",
            String(s, "codec_name") ?? "",
            (int)(Number(s, "width") ?? 0),
            (int)(Number(s, "height") ?? 0),
            String(s, "avg_frame_rate"),
            String(s, "r_frame_rate"),
            duration,
            Number(s, "nb_frames") is { } frames ? (long)frames : null,
            rotation,
            attached,
            Number(s, "nb_read_packets") is { } packets ? (long)packets : null);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    /// <summary>ffprobe writes some numbers as JSON numbers and some as strings ("2.000000", "N/A").</summary>
    private static double? Number(JsonElement element, string name) =>
        String(element, name) is { } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
        && double.IsFinite(value)
            ? value
            : null;

    /// <summary>Matroska's per-track DURATION tag: "00:00:02.007000000".</summary>
    private static double? Clock(string? text)
    {
        if (text is null)
            return null;
        string[] parts = text.Split(':');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int hours)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minutes)
            || !double.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds))
            return null;
        return (hours * 3600) + (minutes * 60) + seconds;
    }
}
