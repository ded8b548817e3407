namespace Cartoon.Gateway.Jobs;

/// <summary>An image part refused at submit, reported with its reason while the others go ahead.</summary>
public sealed record RejectedPart(int Index, string? FileName, string Reason, string Message);
