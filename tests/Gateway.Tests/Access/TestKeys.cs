using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Cartoon.Gateway.Tests.Access;

/// <summary>
/// A fresh API key for one tenant, shaped as <c>cartoon keys new</c> mints them. Its hash is computed here from the
/// documented format (docs/api.md), not by the gateway's code, so a gateway that changed the format fails these tests.
/// </summary>
public sealed record TestKey(string Id, string Tenant, string Key)
{
    public static TestKey Mint(string tenant, string? id = null) => new(id ?? $"{tenant}-key", tenant,
        "ck_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));

    public string Hash => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)));

    /// <summary>Auth:Keys entries for these keys, as an operator would configure them (hashes only).</summary>
    public static Dictionary<string, string?> Settings(params TestKey[] keys)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Auth:Keys:{i}:Id"] = keys[i].Id;
            settings[$"Auth:Keys:{i}:Tenant"] = keys[i].Tenant;
            settings[$"Auth:Keys:{i}:Hash"] = keys[i].Hash;
        }
        return settings;
    }

    public static Dictionary<string, string?> With(Dictionary<string, string?> settings, params (string Key, string? Value)[] more)
    {
        foreach (var (key, value) in more)
            settings[key] = value;
        return settings;
    }
}

public static class KeyedClients
{
    /// <summary>A client that sends the key in X-Api-Key (what the web UI sends).</summary>
    public static HttpClient CreateClient(this GatewayApp app, TestKey key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return client;
    }
}

/// <summary>Collects log lines of the app under test.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
