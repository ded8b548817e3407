using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Cartoon.Tests.Shared.Stack;

/// <summary>
/// RabbitMQ's management API, for the virtual host a stack runs on: the gateway's event endpoint has a fixed name, so on
/// a shared broker a stack of its own needs a vhost of its own; deleting it removes every queue and exchange.
/// </summary>
public static class BrokerAdmin
{
    /// <summary>A client of the management API at <paramref name="management"/>, with basic authentication.</summary>
    public static HttpClient Client(Uri management, string userName, string password, TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = management, Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{userName}:{password}")));
        return http;
    }

    /// <summary>Creates the vhost and gives <paramref name="userName"/> every permission on it.</summary>
    public static async Task CreateVirtualHostAsync(HttpClient http, string name, string userName, string description)
    {
        using (var created = await http.PutAsJsonAsync($"/api/vhosts/{name}", new { description }))
            created.EnsureSuccessStatusCode();
        using (var granted = await http.PutAsJsonAsync($"/api/permissions/{name}/{Uri.EscapeDataString(userName)}",
                   new { configure = ".*", write = ".*", read = ".*" }))
            granted.EnsureSuccessStatusCode();
    }

    /// <summary>Deletes the vhost with its queues and exchanges.</summary>
    public static async Task DeleteVirtualHostAsync(HttpClient http, string name)
    {
        using var deleted = await http.DeleteAsync($"/api/vhosts/{name}");
        deleted.EnsureSuccessStatusCode();
    }
}
