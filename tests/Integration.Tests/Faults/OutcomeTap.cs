using System.Text.Json;
using Cartoon.Integration.Tests.Distributed;
using RabbitMQ.Client;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>
/// Every item outcome the workers announce, as any subscriber sees it: one durable queue (it must outlive a broker
/// restart) bound to MassTransit's publish exchanges of ItemCompleted, ItemFailed and Fault&lt;CartoonizeItem&gt;,
/// drained with basic.get when asked. Lets a test check that no item was announced with two different outcomes
/// (a redelivered group repeating the same outcome is a duplicate, counted, and allowed).
/// </summary>
internal sealed class OutcomeTap
{
    private static readonly string[] Exchanges =
    [
        "Cartoon.Contracts:ItemCompleted",
        "Cartoon.Contracts:ItemFailed",
        "MassTransit:Fault--Cartoon.Contracts:CartoonizeItem--",
    ];

    private readonly VirtualHost _vhost;
    private readonly string _queue;
    private readonly List<(Guid JobId, int Index, string Outcome)> _seen = [];

    private OutcomeTap(VirtualHost vhost, string queue)
    {
        _vhost = vhost;
        _queue = queue;
    }

    public static async Task<OutcomeTap> StartAsync(VirtualHost vhost)
    {
        var queue = $"{vhost.Name}-outcome-tap";
        await using var connection = await vhost.ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        foreach (var exchange in Exchanges)
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, "");
        }
        return new OutcomeTap(vhost, queue);
    }

    /// <summary>Drains the queue and returns every outcome seen so far (duplicates included), in arrival order.</summary>
    public async Task<OutcomeLedger> ReadAsync()
    {
        await using (var connection = await _vhost.ConnectionFactory().CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            while (await channel.BasicGetAsync(_queue, autoAck: true) is { } delivery)
            {
                using var envelope = JsonDocument.Parse(delivery.Body);
                _seen.Add(Parse(envelope.RootElement));
            }
        }
        return new OutcomeLedger(_seen.ToList());
    }

    /// <summary>Reads until at least <paramref name="distinct"/> items have an outcome, bounded by <paramref name="timeout"/>.</summary>
    public async Task<OutcomeLedger> WaitForAsync(int distinct, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ledger = await ReadAsync();
            if (ledger.Distinct >= distinct)
                return ledger;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{ledger.Distinct} of {distinct} items announced an outcome within {timeout}.");
            await Task.Delay(200);
        }
    }

    private static (Guid, int, string) Parse(JsonElement envelope)
    {
        var types = envelope.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()).ToList();
        var message = envelope.GetProperty("message");
        if (types.Contains("urn:message:Cartoon.Contracts:ItemCompleted"))
            return (message.GetProperty("jobId").GetGuid(), message.GetProperty("itemIndex").GetInt32(), "succeeded");
        if (types.Contains("urn:message:Cartoon.Contracts:ItemFailed"))
            return (message.GetProperty("jobId").GetGuid(), message.GetProperty("itemIndex").GetInt32(),
                "failed:" + message.GetProperty("reason").GetString());
        var item = message.GetProperty("message");
        return (item.GetProperty("jobId").GetGuid(), item.GetProperty("itemIndex").GetInt32(), "fault");
    }
}

/// <summary>Outcomes announced per item.</summary>
internal sealed class OutcomeLedger(IReadOnlyList<(Guid JobId, int Index, string Outcome)> seen)
{
    public IReadOnlyList<(Guid JobId, int Index, string Outcome)> Seen { get; } = seen;

    /// <summary>Items with at least one outcome.</summary>
    public int Distinct => Seen.Select(s => (s.JobId, s.Index)).Distinct().Count();

    /// <summary>Announcements beyond the first per item (same outcome repeated by a redelivery, or a conflicting one).</summary>
    public int Duplicates => Seen.Count - Distinct;

    /// <summary>Items announced with more than one distinct outcome: "job/index: a, b".</summary>
    public IReadOnlyList<string> Conflicts => Seen
        .GroupBy(s => (s.JobId, s.Index))
        .Where(g => g.Select(s => s.Outcome).Distinct().Count() > 1)
        .Select(g => $"{g.Key.JobId}/{g.Key.Index}: {string.Join(", ", g.Select(s => s.Outcome))}")
        .ToList();

    public IReadOnlyList<string> OutcomesOf(Guid jobId, int index) =>
        Seen.Where(s => s.JobId == jobId && s.Index == index).Select(s => s.Outcome).ToList();
}
