using System.Security.Cryptography;
using System.Text;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Webhooks;

namespace Cartoon.Gateway.Tests;

public sealed class WebhookSignerTests
{
    // The Standard Webhooks reference test vector (the same one its libraries test against).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Payload = "{\"test\": 2432232314}";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Signs_the_reference_vector()
    {
        var signer = new WebhookSigner(Microsoft.Extensions.Options.Options.Create(new WebhookOptions { Secret = Secret }));
        Assert.Equal(Expected, signer.Sign(MessageId, Timestamp, Payload));
    }

    [Fact]
    public void Matches_the_spec_algorithm_computed_independently()
    {
        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{MessageId}.{Timestamp}.{Payload}"));
        Assert.Equal("v1," + Convert.ToBase64String(mac), WebhookSigner.Sign(key, MessageId, Timestamp, Payload));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(Secret, true)]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false)]
    [InlineData("whsec_short", false)]
    [InlineData("whsec_!!!notbase64!!!", false)]
    public void Validates_secrets(string? secret, bool valid) => Assert.Equal(valid, WebhookSigner.Validate(secret) is null);

    [Fact]
    public void Retry_delay_stays_within_the_jitter_band()
    {
        var random = new Random(42);
        for (var i = 0; i < 1000; i++)
        {
            var d = WebhookRetryPolicy.Delay(TimeSpan.FromMinutes(5), 0.2, random);
            Assert.InRange(d, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));
        }
        Assert.Equal(TimeSpan.FromSeconds(5), WebhookRetryPolicy.Delay(TimeSpan.FromSeconds(5), 0, random));
    }

    [Fact]
    public void Default_schedule_is_the_standard_webhooks_one()
    {
        var o = new WebhookOptions();
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
            TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24)], o.EffectiveRetrySchedule);
    }
}
