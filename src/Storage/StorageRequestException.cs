namespace Cartoon.Storage;

/// <summary>The S3 server refused a request for a reason a retry does not change (403, 400, …).</summary>
public sealed class StorageRequestException(string message) : Exception(message);
