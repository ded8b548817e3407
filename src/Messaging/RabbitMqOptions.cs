using System.ComponentModel.DataAnnotations;

namespace Cartoon.Messaging;

/// <summary>Section "Messaging:RabbitMq". The defaults reach a local development broker (guest only works on loopback).</summary>
public sealed class RabbitMqOptions
{
    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required(AllowEmptyStrings = false)]
    public string VirtualHost { get; set; } = "/";

    [Required(AllowEmptyStrings = false)]
    public string Username { get; set; } = "guest";

    [Required(AllowEmptyStrings = false)]
    public string Password { get; set; } = "guest";

    /// <summary>AMQP heartbeat; a dead connection is noticed within about twice this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Name shown for the connection in the management UI (defaults to the process name).</summary>
    public string? ConnectionName { get; set; }

    /// <summary>
    /// The management HTTP API (e.g. http://rabbit:15672), read for cartoon_queue_messages (ready and unacked). Unset:
    /// the ready count comes from a passive queue declare and no unacked series is exported.
    /// </summary>
    public string? ManagementUrl { get; set; }

    /// <summary>How often the queue depths are read from the broker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(5);
}
