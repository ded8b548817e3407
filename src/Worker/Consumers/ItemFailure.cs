namespace Cartoon.Worker.Consumers;

/// <summary>Why an item failed: a machine-readable reason (see FailureReasons) and a message for people.</summary>
internal readonly record struct ItemFailure(string Reason, string Message);
