using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Options;
using Cartoon.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartoon.Gateway.Tests;

public sealed class ErrorMappingTests
{
    private static async Task<(int Status, string? RetryAfter, JsonElement Body)> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new GatewayExceptionHandler(services.GetRequiredService<IProblemDetailsService>(),
            Microsoft.Extensions.Options.Options.Create(new GatewayOptions { RetryAfterSeconds = 7 }), NullLogger<GatewayExceptionHandler>.Instance);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        context.Request.Headers.Accept = "application/json";
        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));
        context.Response.Body.Position = 0;
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        return (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString() is { Length: > 0 } r ? r : null, body);
    }

    [Fact]
    public async Task Storage_unavailable_is_503_with_retry_after()
    {
        var (status, retryAfter, body) = await HandleAsync(new StorageUnavailableException("s3 down at 10.0.0.7"));
        Assert.Equal(503, status);
        Assert.Equal("7", retryAfter);
        Assert.Equal("storage_unavailable", body.GetProperty("reason").GetString());
        Assert.DoesNotContain("10.0.0.7", body.GetRawText());
    }

    [Fact]
    public async Task Broker_unavailable_is_503_with_retry_after()
    {
        var (status, retryAfter, body) = await HandleAsync(new BrokerUnavailableException("rabbit down"));
        Assert.Equal(503, status);
        Assert.Equal("7", retryAfter);
        Assert.Equal("broker_unavailable", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Anything_else_is_500_without_internals()
    {
        var (status, retryAfter, body) = await HandleAsync(new InvalidOperationException("connection string Password=hunter2"));
        Assert.Equal(500, status);
        Assert.Null(retryAfter);
        Assert.Equal("internal_error", body.GetProperty("reason").GetString());
        Assert.DoesNotContain("hunter2", body.GetRawText());
        Assert.DoesNotContain("InvalidOperationException", body.GetRawText());
    }

    [Fact]
    public async Task A_submit_the_broker_does_not_take_is_503_and_the_job_is_closed()
    {
        // Nothing listens on port 1: the send waits for a connection until Gateway:SendTimeout.
        await using var app = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMq:Host"] = "127.0.0.1",
            ["Messaging:RabbitMq:Port"] = "1",
            ["Gateway:SendTimeout"] = "00:00:01",
        });
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = TestImages.Form(("a.png", TestImages.Png())) };
        request.Headers.Add("Idempotency-Key", "broker-down");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("broker_unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());

        // The half-made job is closed (its items failed, the cancel marker keeps workers off it) and the key is free again.
        await foreach (var item in app.Store.ListAsync("jobs/"))
        {
            if (item.Key.EndsWith("/canceled"))
                return;
        }
        Assert.Fail("the aborted job has no cancel marker");
    }
}
