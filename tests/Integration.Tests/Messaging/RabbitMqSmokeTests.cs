using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Cartoon.Integration.Tests.Infrastructure;

namespace Cartoon.Integration.Tests.Messaging;

/// <summary>The broker the later messaging tests use answers AMQP 0-9-1 (and its management API when known).</summary>
public sealed class RabbitMqSmokeTests
{
    [Fact]
    public async Task Broker_answers_the_AMQP_protocol_header_with_connection_start()
    {
        await using var rabbit = await RabbitMqEndpoint.AcquireAsync();
        using var tcp = new TcpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await tcp.ConnectAsync(rabbit.Host, rabbit.Port, cts.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), cts.Token);
        var header = new byte[11];
        await stream.ReadExactlyAsync(header, cts.Token);

        Assert.Equal(1, header[0]);                               // frame type: method
        Assert.Equal(0, header[1] << 8 | header[2]);              // channel 0
        Assert.Equal(10, header[7] << 8 | header[8]);             // class: connection
        Assert.Equal(10, header[9] << 8 | header[10]);            // method: start
    }

    [Fact]
    public async Task Management_api_answers_when_known()
    {
        await using var rabbit = await RabbitMqEndpoint.AcquireAsync();
        Assert.NotNull(rabbit.ManagementUri);
        using var http = new HttpClient { BaseAddress = rabbit.ManagementUri, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{rabbit.UserName}:{rabbit.Password}")));

        using var response = await http.GetAsync("/api/overview");

        Assert.True(response.IsSuccessStatusCode, $"management API answered {(int)response.StatusCode}");
        Assert.Contains("rabbitmq_version", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_probe_is_false_quickly_where_no_engine_listens()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(await DockerEndpoint.AnswersAsync($"tcp://127.0.0.1:{Ports.Unused()}"));
        Assert.False(await DockerEndpoint.AnswersAsync("unix:///nonexistent/docker.sock"));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }
}
