namespace Cartoon.Storage;

/// <summary>Thrown when the store cannot be reached; the gateway maps it to 503 + Retry-After, workers retry.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
