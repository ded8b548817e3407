namespace Cartoon.Messaging;

/// <summary>One queue's depth; Unacked is null where the source cannot tell.</summary>
public readonly record struct QueueDepth(long Ready, long? Unacked);
