using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Outbox;

/// <summary>
/// Bus messages written in the transaction of the state change they announce (the transactional outbox): the change
/// and its announcement commit together or not at all, and the dispatcher publishes what committed.
/// </summary>
public static class BusOutbox
{
    /// <summary>The message types the dispatcher knows how to publish, by the name stored in the row.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Types = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [nameof(JobCompleted)] = typeof(JobCompleted),
    };

    public static void Add(CartoonDbContext ctx, JobCompleted message, DateTimeOffset now) =>
        ctx.OutboxMessages.Add(new OutboxMessageRow
        {
            Id = message.EventId,
            MessageType = nameof(JobCompleted),
            Payload = JsonSerializer.Serialize(message, StoreJson.Options),
            CreatedAt = now,
            AvailableAt = now,
        });

    public static object Deserialize(OutboxMessageRow row) =>
        Types.TryGetValue(row.MessageType, out var type)
            ? JsonSerializer.Deserialize(row.Payload, type, StoreJson.Options) ?? throw new InvalidOperationException($"Outbox message {row.Id} is empty.")
            : throw new InvalidOperationException($"Outbox message {row.Id} has unknown type '{row.MessageType}'.");
}
