namespace Cartoon.Messaging.Tiers;

/// <summary>A tier with its group limit, derived once from the cost model and the budget.</summary>
/// <param name="BytesPerItem">What the costliest item the tier can receive adds to a bg pass.</param>
/// <param name="GroupBytes">Estimated peak of a full group of that item, its padded batch included.</param>
public sealed record TierPlan(string Name, string QueueName, int MaxWidth, int MaxHeight, int GroupLimit, long BytesPerItem, long GroupBytes);
