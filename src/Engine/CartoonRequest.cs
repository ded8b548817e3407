namespace Cartoon.Engine;

/// <summary>One image of a group: encoded bytes plus its options. <see cref="Id"/> is echoed back.</summary>
public sealed record CartoonRequest(ReadOnlyMemory<byte> Image, CartoonOptions Options, string? Id = null);
