namespace Cartoon.Engine;

public sealed record CartoonGroupResult(IReadOnlyList<CartoonResult> Items, GroupStats Stats);
