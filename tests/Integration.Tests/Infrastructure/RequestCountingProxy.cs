using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder in front of the S3 server that records the request line ("GET /bucket/key…") of every HTTP request
/// passing through it: how many round trips a store call really makes. Requests are recognised at the start of what
/// the client writes (a client sends a request's head in one write); bodies are forwarded untouched.
/// </summary>
public sealed class RequestCountingProxy : IDisposable
{
    private static readonly string[] Methods = ["GET ", "HEAD ", "PUT ", "POST ", "DELETE "];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();

    public RequestCountingProxy(string upstream)
    {
        var colon = upstream.LastIndexOf(':');
        _upstreamHost = upstream[..colon];
        _upstreamPort = int.Parse(upstream[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Request lines seen so far, method and path ("GET /bucket/key?…").</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    public void Clear() => _requests.Clear();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
                var toServer = CopyAsync(client.GetStream(), upstream.GetStream(), record: true);
                var toClient = CopyAsync(upstream.GetStream(), client.GetStream(), record: false);
                await Task.WhenAny(toServer, toClient);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // a side closed
            }
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, bool record)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (record)
            {
                var head = Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 512));
                if (Methods.Any(m => head.StartsWith(m, StringComparison.Ordinal)))
                {
                    var line = head.Split("\r\n", 2)[0];
                    _requests.Enqueue(line[..Math.Max(0, line.LastIndexOf(" HTTP/", StringComparison.Ordinal))]);
                }
            }
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }
}
