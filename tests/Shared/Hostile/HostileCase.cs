using System.Text;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Tests.Shared.Hostile;

internal enum HostileOutcome
{
    /// <summary>The gateway answers 4xx ProblemDetails with a reason; nothing is stored.</summary>
    Rejected,

    /// <summary>202; the item fails on the worker with a reason (never internal_error).</summary>
    ItemFails,

    /// <summary>202; the item succeeds and its result is checked.</summary>
    Succeeds,

    /// <summary>202; the part is a video item (an animation): the video workers run it, the gateway's part is the acceptance.</summary>
    AcceptedAsVideo,
}

internal sealed record HostileExpectation(HostileOutcome Outcome, int Status, string? Reason)
{
    public static HostileExpectation Rejected(int status, string reason) => new(HostileOutcome.Rejected, status, reason);

    public static HostileExpectation ItemFails(string reason) => new(HostileOutcome.ItemFails, 202, reason);

    public static readonly HostileExpectation Succeeds = new(HostileOutcome.Succeeds, 202, null);

    public static readonly HostileExpectation AcceptedAsVideo = new(HostileOutcome.AcceptedAsVideo, 202, null);

    public override string ToString() => Outcome switch
    {
        HostileOutcome.Rejected => $"{Status} {Reason}",
        HostileOutcome.ItemFails => $"202, item fails: {Reason}",
        HostileOutcome.AcceptedAsVideo => "202, a video item",
        _ => "202, item succeeds",
    };
}

/// <summary>One file part of a multipart body, written byte for byte (names are not re-encoded by HttpClient).</summary>
internal sealed record HostilePart(string FileName, byte[] Bytes, string ContentType = "application/octet-stream");

/// <summary>
/// One hostile request and what must come of it. File cases carry one image part (<see cref="Image"/>) sent with
/// <see cref="Fields"/>; request-level cases build the whole body (<see cref="Body"/>).
/// </summary>
internal sealed record HostileCase(string Name, string Category, string What, HostileExpectation Expected)
{
    public HostilePart? Image { get; init; }

    public IReadOnlyList<(string Name, string Value)> Fields { get; init; } = HostileCorpus.PlainOriginal;

    /// <summary>The whole request body, for cases about the request rather than an image.</summary>
    public Func<HttpContent>? Body { get; init; }

    /// <summary>Succeeds: the result's size.</summary>
    public (int Width, int Height)? ResultSize { get; init; }

    /// <summary>Succeeds: colours the result must show at these points (strength 0 keeps the original's pixels).</summary>
    public IReadOnlyList<(int X, int Y, Rgb24 Colour)> ResultPixels { get; init; } = [];

    /// <summary>Succeeds: the result shows the four-colour card upright.</summary>
    public bool UprightCard { get; init; }

    /// <summary>Accepted: the file name the job echoes (null: none).</summary>
    public string? EchoedName { get; init; }

    /// <summary>
    /// The body is over the request cap: the gateway answers 413 and closes before reading it all, so a client on a real
    /// socket may see a broken pipe instead of the answer (a test server in process always delivers the answer).
    /// </summary>
    public bool OverRequestCap { get; init; }

    /// <summary>Succeeds: bytes smuggled into the input that must not survive into the result.</summary>
    public byte[]? Payload { get; init; }

    public HttpContent CreateContent() => Body?.Invoke() ?? Multipart.Form([Image!], Fields);

    public override string ToString() => Name;
}

/// <summary>multipart/form-data bodies written by hand, so tests control every byte (file names, boundary, truncation).</summary>
internal static class Multipart
{
    public const string Boundary = "hostile-corpus-7d3f";

    public static HttpContent Form(IEnumerable<HostilePart> images, IEnumerable<(string Name, string Value)> fields, string fieldName = "images") =>
        Content(Bytes(images, fields, fieldName), $"multipart/form-data; boundary={Boundary}");

    public static byte[] Bytes(IEnumerable<HostilePart> images, IEnumerable<(string Name, string Value)> fields, string fieldName = "images", bool close = true)
    {
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var (name, value) in fields)
            Write($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        foreach (var part in images)
        {
            Write($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{fieldName}\"; {FileNameParameter(part.FileName)}\r\n");
            Write($"Content-Type: {part.ContentType}\r\n\r\n");
            body.Write(part.Bytes);
            Write("\r\n");
        }
        if (close)
            Write($"--{Boundary}--\r\n");
        return body.ToArray();
    }

    public static HttpContent Content(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>Plain ASCII names as filename="..."; anything else (Unicode, control characters) as RFC 5987 filename*.</summary>
    private static string FileNameParameter(string name) =>
        name.All(c => c is >= ' ' and < '\x7f' and not '"' and not '\\')
            ? $"filename=\"{name}\""
            : $"filename=\"upload\"; filename*=UTF-8''{Uri.EscapeDataString(name)}";
}

/// <summary>A body sent without Content-Length (chunked), so only the form reader's own limit can stop it.</summary>
internal sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _body;

    public ChunkedContent(byte[] body, string contentType)
    {
        _body = body;
        Headers.TryAddWithoutValidation("Content-Type", contentType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        for (var offset = 0; offset < _body.Length; offset += 64 * 1024)
            await stream.WriteAsync(_body.AsMemory(offset, Math.Min(64 * 1024, _body.Length - offset)));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
