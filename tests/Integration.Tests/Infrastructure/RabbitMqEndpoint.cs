using System.Net.Sockets;
using Testcontainers.RabbitMq;

namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary>
/// The broker for tests that need RabbitMQ, chosen once per caller:
/// <list type="number">
/// <item><c>CARTOON_TEST_RABBITMQ</c> set (./scripts/test.sh, CI): that broker (a native RabbitMQ started by
/// scripts/services.sh); <c>CARTOON_TEST_RABBITMQ_MANAGEMENT</c> gives its management API.</item>
/// <item>else, when a Docker engine answers (DOCKER_HOST or /var/run/docker.sock): a Testcontainers RabbitMQ,
/// removed on dispose.</item>
/// <item>else: an exception telling how to run the tests.</item>
/// </list>
/// </summary>
public sealed class RabbitMqEndpoint : IAsyncDisposable
{
    public const string ContainerImage = "rabbitmq:3.13-management";

    private readonly RabbitMqContainer? _container;

    private RabbitMqEndpoint(Uri amqpUri, Uri? managementUri, string source, RabbitMqContainer? container)
    {
        AmqpUri = amqpUri;
        ManagementUri = managementUri;
        Source = source;
        _container = container;
    }

    /// <summary>amqp://user:pass@host:port/</summary>
    public Uri AmqpUri { get; }

    /// <summary>The management HTTP API (guest/guest), when known.</summary>
    public Uri? ManagementUri { get; }

    /// <summary>"environment" or "testcontainers".</summary>
    public string Source { get; }

    /// <summary>The management API, or an exception that tells how to provide it (a vhost of its own needs it).</summary>
    public Uri RequireManagement() => ManagementUri ?? throw new InvalidOperationException(
        $"Tests on a vhost of their own need the RabbitMQ management API ({StackServices.RabbitMqManagementVariable}). {ServicesFixture.HowToRun}");

    public string Host => AmqpUri.Host;

    public int Port => AmqpUri.IsDefaultPort || AmqpUri.Port < 0 ? 5672 : AmqpUri.Port;

    public string UserName => Uri.UnescapeDataString(AmqpUri.UserInfo.Split(':')[0]);

    public string Password => AmqpUri.UserInfo.Split(':') is { Length: > 1 } parts ? Uri.UnescapeDataString(parts[1]) : "";

    /// <summary>The configuration that puts a host on this broker (<see cref="StackSettings.RabbitMq"/>).</summary>
    public Dictionary<string, string?> Settings(string? virtualHost = null, string? connectionName = null) =>
        StackSettings.RabbitMq(Host, Port, UserName, Password, virtualHost, connectionName);

    public static async Task<RabbitMqEndpoint> AcquireAsync(CancellationToken cancellationToken = default)
    {
        var configured = Environment.GetEnvironmentVariable(StackServices.RabbitMqVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var management = Environment.GetEnvironmentVariable(StackServices.RabbitMqManagementVariable);
            return new RabbitMqEndpoint(new Uri(configured.Trim()),
                string.IsNullOrWhiteSpace(management) ? null : new Uri(management.Trim()), "environment", null);
        }

        if (await DockerEndpoint.AnswersAsync(DockerEndpoint.FromEnvironment(), cancellationToken))
        {
            var container = new RabbitMqBuilder(ContainerImage).Build();
            await container.StartAsync(cancellationToken);
            var managementUri = new Uri($"http://{container.Hostname}:{container.GetMappedPublicPort(15672)}");
            return new RabbitMqEndpoint(new Uri(container.GetConnectionString()), managementUri, "testcontainers", container);
        }

        throw new InvalidOperationException(
            $"No RabbitMQ for the integration tests: {StackServices.RabbitMqVariable} is not set and no Docker engine answers " +
            $"(DOCKER_HOST or /var/run/docker.sock) for Testcontainers. {ServicesFixture.HowToRun}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}

/// <summary>Whether a Docker engine answers its ping, without Testcontainers' own (slow, throwing) probing.</summary>
public static class DockerEndpoint
{
    public static string FromEnvironment() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock";

    /// <summary>GET /_ping on <paramref name="dockerHost"/> (unix:///path or tcp://host:port) answers OK within the timeout.</summary>
    public static async Task<bool> AnswersAsync(string dockerHost, CancellationToken cancellationToken = default, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(3));
        try
        {
            var uri = new Uri(dockerHost);
            SocketsHttpHandler handler;
            Uri baseAddress;
            if (uri.Scheme == "unix")
            {
                var path = uri.LocalPath;
                if (!File.Exists(path))
                {
                    return false;
                }

                handler = new SocketsHttpHandler
                {
                    ConnectCallback = async (_, ct) =>
                    {
                        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        try
                        {
                            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                            return new NetworkStream(socket, ownsSocket: true);
                        }
                        catch
                        {
                            socket.Dispose();
                            throw;
                        }
                    },
                };
                baseAddress = new Uri("http://docker/");
            }
            else if (uri.Scheme is "tcp" or "http")
            {
                handler = new SocketsHttpHandler();
                baseAddress = new Uri($"http://{uri.Host}:{uri.Port}/");
            }
            else
            {
                return false; // https / ssh engines: let Testcontainers users set CARTOON_TEST_RABBITMQ instead
            }

            using var client = new HttpClient(handler) { BaseAddress = baseAddress };
            using var response = await client.GetAsync("_ping", cts.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or OperationCanceledException or IOException or UriFormatException)
        {
            return false;
        }
    }
}
