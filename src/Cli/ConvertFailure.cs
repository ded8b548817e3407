namespace Cartoon.Cli;

/// <summary>An input that was not converted: printed as <c>failed: file: reason: message</c>.</summary>
internal sealed record ConvertFailure(string File, string Reason, string Message);
