namespace Cartoon.Tests.Shared.Stack;

/// <summary>
/// The configuration keys that put a gateway or a worker on the services of a stack (the broker, the S3 server, the
/// job database), as the tests and the bench start them: in process (a host's configuration) or as a process of its own
/// (<see cref="AppProcess"/> turns the keys into environment variables).
/// </summary>
public static class StackSettings
{
    /// <summary>The RabbitMQ transport; the credentials and the vhost only when given (else the hosts' defaults).</summary>
    public static Dictionary<string, string?> RabbitMq(string host, int port, string? userName = null, string? password = null,
        string? virtualHost = null, string? connectionName = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMq:Host"] = host,
            ["Messaging:RabbitMq:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        AddIfGiven(settings, "Messaging:RabbitMq:Username", userName);
        AddIfGiven(settings, "Messaging:RabbitMq:Password", password);
        AddIfGiven(settings, "Messaging:RabbitMq:VirtualHost", virtualHost);
        AddIfGiven(settings, "Messaging:RabbitMq:ConnectionName", connectionName);
        return settings;
    }

    /// <summary>The S3 store on <paramref name="endpoint"/> (host:port), in <paramref name="bucket"/>.</summary>
    public static Dictionary<string, string?> S3(string endpoint, string accessKey, string secretKey, string bucket) => new()
    {
        ["Storage:Provider"] = "S3",
        ["Storage:S3Endpoint"] = endpoint,
        ["Storage:S3AccessKey"] = accessKey,
        ["Storage:S3SecretKey"] = secretKey,
        ["Storage:Bucket"] = bucket,
    };

    /// <summary>Job state in the PostgreSQL database of <paramref name="connectionString"/>, its schema created at start (as replicas of a fresh deployment would).</summary>
    public static Dictionary<string, string?> Postgres(string connectionString) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = connectionString,
        ["Database:MigrateAtStart"] = "true",
    };

    /// <summary>One dictionary of the parts, in order: a later part's key replaces an earlier one's.</summary>
    public static Dictionary<string, string?> Merge(params IEnumerable<KeyValuePair<string, string?>>?[] parts)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var part in parts)
        {
            foreach (var (key, value) in part ?? [])
                merged[key] = value;
        }
        return merged;
    }

    private static void AddIfGiven(Dictionary<string, string?> settings, string key, string? value)
    {
        if (value is not null)
            settings[key] = value;
    }
}
