namespace Cartoon.Tests.Shared.Stack;

/// <summary>
/// The addresses of the services a <see cref="DeploymentStack"/> runs on: RabbitMQ with its management API, the S3
/// server and, when there is one, the PostgreSQL server whose databases hold the gateways' job state. The bench reads
/// them from the environment that <c>.local/services.env</c> (written by <c>scripts/services.sh start</c>) sets; the
/// integration tests read the same variables through their fixtures.
/// </summary>
/// <param name="RabbitMq">amqp://user:password@host:port/</param>
/// <param name="S3">host:port</param>
/// <param name="Postgres">A connection string to the server's maintenance database; null: the gateways keep SQLite.</param>
public sealed record StackServices(Uri RabbitMq, Uri RabbitMqManagement, string S3, string S3AccessKey, string S3SecretKey, string? Postgres)
{
    public const string RabbitMqVariable = "CARTOON_TEST_RABBITMQ";
    public const string RabbitMqManagementVariable = "CARTOON_TEST_RABBITMQ_MANAGEMENT";
    public const string S3Variable = "CARTOON_TEST_S3";
    public const string S3AccessKeyVariable = "CARTOON_TEST_S3_ACCESS_KEY";
    public const string S3SecretKeyVariable = "CARTOON_TEST_S3_SECRET_KEY";
    public const string PostgresVariable = "CARTOON_TEST_POSTGRES";

    /// <summary>s3rver's fixed credentials, what scripts/services.sh starts it with.</summary>
    public const string DefaultS3Key = "S3RVER";

    public string RabbitMqUserName => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':')[0]);

    public string RabbitMqPassword => RabbitMq.UserInfo.Split(':') is { Length: > 1 } parts ? Uri.UnescapeDataString(parts[1]) : "";

    /// <summary>The services of <c>.local/services.env</c>; PostgreSQL only when its variable is set.</summary>
    public static StackServices FromEnvironment() => new(
        new Uri(Require(RabbitMqVariable)), new Uri(Require(RabbitMqManagementVariable)), Require(S3Variable),
        Read(S3AccessKeyVariable) ?? DefaultS3Key, Read(S3SecretKeyVariable) ?? DefaultS3Key, Read(PostgresVariable));

    /// <summary>The variable's trimmed value, or null when it is unset or empty.</summary>
    public static string? Read(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value.Trim() : null;

    /// <summary>The broker address with <paramref name="virtualHost"/> as its path (what a MassTransit bus of the bench connects to).</summary>
    public Uri Broker(string virtualHost) => new UriBuilder(RabbitMq) { Path = virtualHost }.Uri;

    /// <summary>The configuration that puts a host on the broker, in <paramref name="virtualHost"/>.</summary>
    public Dictionary<string, string?> RabbitMqSettings(string virtualHost) =>
        StackSettings.RabbitMq(RabbitMq.Host, RabbitMq.IsDefaultPort || RabbitMq.Port < 0 ? 5672 : RabbitMq.Port, RabbitMqUserName, RabbitMqPassword, virtualHost);

    /// <summary>The configuration that puts a host on the S3 server, in <paramref name="bucket"/>.</summary>
    public Dictionary<string, string?> S3Settings(string bucket) => StackSettings.S3(S3, S3AccessKey, S3SecretKey, bucket);

    /// <summary>A client of the management API, as the broker's user.</summary>
    public HttpClient Management() => BrokerAdmin.Client(RabbitMqManagement, RabbitMqUserName, RabbitMqPassword, TimeSpan.FromSeconds(30));

    private static string Require(string variable) => Read(variable)
        ?? throw new InvalidOperationException($"{variable} is not set: start the services (scripts/services.sh start) and source .local/services.env.");
}
