namespace Cartoon.Storage;

public sealed record BlobContent(byte[] Data, string ContentType, DateTimeOffset LastModified);
