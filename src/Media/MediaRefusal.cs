namespace Cartoon.Media;

/// <summary>
/// Why an input is refused: the HTTP status the gateway answers with, a stable machine-readable
/// <see cref="Code"/> (<see cref="MediaRefusalCodes"/>) and a sentence for people.
/// </summary>
public sealed record MediaRefusal(int StatusCode, string Code, string Reason)
{
    internal static MediaRefusal Empty() =>
        new(400, MediaRefusalCodes.Empty, "The file is empty.");

    internal static MediaRefusal UnsupportedFormat(string reason) => new(415, MediaRefusalCodes.UnsupportedFormat, reason);

    internal static MediaRefusal UnsupportedCodec(string reason) => new(415, MediaRefusalCodes.UnsupportedCodec, reason);

    internal static MediaRefusal NoVideoStream(string reason) => new(415, MediaRefusalCodes.NoVideoStream, reason);

    internal static MediaRefusal Invalid(string reason) => new(400, MediaRefusalCodes.InvalidMedia, reason);

    internal static MediaRefusal TooLarge(string code, string reason) => new(413, code, reason);
}

