using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Outbox;

/// <summary>
/// Bus messages written in the transaction of the state change they announce (the transactional outbox): the change
/// and its announcement commit together or not at all, and the dispatcher publishes what committed. Events are
/// published; commands (<see cref="VideoCommands"/>) are sent to their queue.
/// </summary>
public static class BusOutbox
{
    /// <summary>The message types the dispatcher knows how to publish, by the name stored in the row.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Types = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [nameof(JobCompleted)] = typeof(JobCompleted),
        [nameof(MuxVideo)] = typeof(MuxVideo),
    };

    /// <summary>Commands, by stored type name: sent to the workers' video queue (everything else is published).</summary>
    public static readonly IReadOnlySet<string> VideoCommands = new HashSet<string>(StringComparer.Ordinal) { nameof(MuxVideo) };

    public static void Add(CartoonDbContext ctx, JobCompleted message, DateTimeOffset now) =>
        ctx.OutboxMessages.Add(new OutboxMessageRow
        {
            Id = message.EventId,
            MessageType = nameof(JobCompleted),
            Payload = JsonSerializer.Serialize(message, StoreJson.Options),
            CreatedAt = now,
            AvailableAt = now,
        });

    /// <summary>The mux command of a video item, once per item: its id is derived from the item, so it is written at most once.</summary>
    public static void Add(CartoonDbContext ctx, MuxVideo message, DateTimeOffset now) =>
        ctx.OutboxMessages.Add(new OutboxMessageRow
        {
            Id = MuxIdOf(message.JobId, message.ItemIndex),
            MessageType = nameof(MuxVideo),
            Payload = JsonSerializer.Serialize(message, StoreJson.Options),
            CreatedAt = now,
            AvailableAt = now,
        });

    public static Guid MuxIdOf(Guid jobId, int itemIndex)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"mux-video:{jobId:N}:{itemIndex}"), hash);
        return new Guid(hash[..16]);
    }

    public static object Deserialize(OutboxMessageRow row) =>
        Types.TryGetValue(row.MessageType, out var type)
            ? JsonSerializer.Deserialize(row.Payload, type, StoreJson.Options) ?? throw new InvalidOperationException($"Outbox message {row.Id} is empty.")
            : throw new InvalidOperationException($"Outbox message {row.Id} has unknown type '{row.MessageType}'.");
}
