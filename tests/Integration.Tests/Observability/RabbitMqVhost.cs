using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Cartoon.Integration.Tests.Infrastructure;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>
/// A virtual host of its own on the shared test broker (management API), so a whole gateway (its event queues have
/// fixed names) can run on RabbitMQ beside other tests. Deleted, with everything in it, on dispose.
/// </summary>
public sealed class RabbitMqVhost : IAsyncDisposable
{
    private readonly HttpClient _http;

    private RabbitMqVhost(HttpClient http, string name)
    {
        _http = http;
        Name = name;
    }

    public string Name { get; }

    public static async Task<RabbitMqVhost> CreateAsync(RabbitMqEndpoint rabbit)
    {
        var management = rabbit.ManagementUri
                         ?? throw new InvalidOperationException($"{ServicesFixture.RabbitMqManagementVariable} is not set. {ServicesFixture.HowToRun}");
        var http = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rabbit.UserName}:{rabbit.Password}")));
        var name = $"obs-{Guid.NewGuid():N}"[..16];
        using (var created = await http.PutAsync($"/api/vhosts/{name}", JsonContent.Create(new { description = "Cartoon observability test" })))
            created.EnsureSuccessStatusCode();
        using (var granted = await http.PutAsync($"/api/permissions/{name}/{Uri.EscapeDataString(rabbit.UserName)}",
                   JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" })))
            granted.EnsureSuccessStatusCode();
        return new RabbitMqVhost(http, name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var _ = await _http.DeleteAsync($"/api/vhosts/{Name}");
        }
        catch (HttpRequestException)
        {
        }
        _http.Dispose();
    }
}
