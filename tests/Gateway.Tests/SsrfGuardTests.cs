using System.Net;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Egress;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Gateway.Tests;

public sealed class SsrfGuardTests
{
    private static WebhookUrls Validator(bool allowPrivate = false) => new(new WebhookOptions { AllowPrivateNetworks = allowPrivate }.Egress);

    /// <summary>The guard under the webhooks' rules.</summary>
    private sealed class WebhookUrls(EgressRules rules)
    {
        public Task<string?> ValidateAsync(string url, CancellationToken ct) => new UrlGuard().ValidateAsync(url, rules, ct);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:192.168.0.1")]
    [InlineData("::ffff:100.64.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::")]
    public void Blocks_non_public_addresses(string address) =>
        Assert.NotNull(IpPolicy.WhyBlocked(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.215.14")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("11.0.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Allows_public_addresses(string address) =>
        Assert.Null(IpPolicy.WhyBlocked(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://10.0.0.5:8080/hook")]
    [InlineData("http://172.16.3.4/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://100.64.1.1/")]
    [InlineData("http://224.0.0.1/")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::]/hook")]
    [InlineData("http://[fc00::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://[::ffff:a9fe:a9fe]/hook")]
    [InlineData("http://2130706433/hook")]
    [InlineData("http://0x7f000001/hook")]
    [InlineData("http://0177.0.0.1/hook")]
    [InlineData("http://0x7f.0.0.1/hook")]
    [InlineData("http://127.1/hook")]
    [InlineData("http://0x08080808/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://localhost:5000/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://example.com/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/hook")]
    [InlineData("http://user:secret@93.184.215.14/hook")]
    [InlineData("http://[::ffff:7f00:1]/hook")]
    [InlineData("http://[0:0:0:0:0:ffff:127.0.0.1]/hook")]
    [InlineData("http://[::ffff:169.254.169.254]/latest")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[fe80::1%25eth0]/hook")]
    [InlineData("http://017700000001/hook")]
    [InlineData("http://0x7f.1/hook")]
    [InlineData("http://0/hook")]
    [InlineData("http://127.0.0.1./hook")]
    [InlineData("http://localhost./hook")]
    [InlineData("http://LOCALHOST/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/iam/")]
    [InlineData("data:text/plain,hello")]
    [InlineData("ws://93.184.215.14/hook")]
    [InlineData("mailto:hook@example.com")]
    public async Task Rejects_webhook_urls(string url) =>
        Assert.NotNull(await Validator().ValidateAsync(url, CancellationToken.None));

    [Theory]
    [InlineData("https://93.184.215.14/hook")]
    [InlineData("http://8.8.8.8:8080/x?y=1")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    public async Task Accepts_public_literal_urls(string url) =>
        Assert.Null(await Validator().ValidateAsync(url, CancellationToken.None));

    [Fact]
    public async Task AllowPrivateNetworks_lets_loopback_through_but_still_refuses_odd_literals_and_schemes()
    {
        var v = Validator(allowPrivate: true);
        Assert.Null(await v.ValidateAsync("http://127.0.0.1:1234/hook", CancellationToken.None));
        Assert.NotNull(await v.ValidateAsync("http://2130706433/hook", CancellationToken.None));
        Assert.NotNull(await v.ValidateAsync("ftp://127.0.0.1/", CancellationToken.None));
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/")]
    [InlineData("http://localhost:{port}/")]
    [InlineData("http://[::1]:{port}/")]
    public async Task Connect_time_guard_refuses_before_connecting(string template)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var port = new Uri(receiver.BaseUrl).Port;
        using var client = new HttpClient(new GuardedConnector().CreateHandler(allowPrivateNetworks: false));
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(template.Replace("{port}", port.ToString()), null));
        Assert.IsType<EgressBlockedException>(ex.InnerException);
        Assert.Empty(receiver.Received);
        Assert.Equal(0, receiver.OtherHits);
    }

    [Fact]
    public async Task Connect_time_guard_does_not_follow_redirects()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => 302;
        using var client = new HttpClient(new GuardedConnector().CreateHandler(allowPrivateNetworks: true));
        using var response = await client.PostAsync(receiver.Url, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(0, receiver.OtherHits);
    }

    [Theory]
    [InlineData("http://2130706433/", "2130706433")]
    [InlineData("http://u:p@0x7f000001:80/x", "0x7f000001")]
    [InlineData("https://[::1]:443/", "[::1]")]
    [InlineData("https://example.com?x", "example.com")]
    public void Raw_host_is_the_host_as_written(string url, string host) =>
        Assert.Equal(host, UrlGuard.RawHost(url));

}
