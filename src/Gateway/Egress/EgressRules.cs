namespace Cartoon.Gateway.Egress;

/// <summary>
/// What an outbound URL of one kind may be: <paramref name="Subject"/> names it in messages ("webhook URL", "image
/// URL"); <paramref name="HttpsOnly"/> refuses plain http; <paramref name="AllowPrivateNetworks"/> (tests only) turns
/// the address checks off.
/// </summary>
public sealed record EgressRules(string Subject, bool HttpsOnly, bool AllowPrivateNetworks, TimeSpan ResolveTimeout);
