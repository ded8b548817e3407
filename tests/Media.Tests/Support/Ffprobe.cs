using System.Text.Json;

namespace Cartoon.Media.Tests.Support;

/// <summary>ffprobe's own view of an output (the tests' judge; independent of <see cref="MediaProbe"/>).</summary>
internal static class Ffprobe
{
    public static JsonElement Streams(string path, bool countFrames = false)
    {
        string json = Tool.Run("ffprobe", [.. (countFrames ? new[] { "-count_frames" } : []), "-show_streams", "-show_format", "-of", "json", path]);
        return JsonDocument.Parse(json).RootElement;
    }

    public static JsonElement Video(JsonElement root) =>
        root.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == "video");

    public static JsonElement? Audio(JsonElement root) =>
        root.GetProperty("streams").EnumerateArray().Where(s => s.GetProperty("codec_type").GetString() == "audio")
            .Select(s => (JsonElement?)s).FirstOrDefault();

    public static string Text(JsonElement element, string name) => element.GetProperty(name).ValueKind == JsonValueKind.Number
        ? element.GetProperty(name).GetRawText()
        : element.GetProperty(name).GetString()!;

    public static double Number(JsonElement element, string name) =>
        double.Parse(Text(element, name), System.Globalization.CultureInfo.InvariantCulture);
}
