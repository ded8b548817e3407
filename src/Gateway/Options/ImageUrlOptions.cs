using System.ComponentModel.DataAnnotations;
using Cartoon.Gateway.Egress;

namespace Cartoon.Gateway.Options;

/// <summary>
/// Inputs given as URLs (<c>imageUrl</c> fields of POST /v1/jobs), fetched by the gateway at submit through the same
/// SSRF guard as webhooks. The size cap is <see cref="UploadOptions.MaxImageBytes"/>, as for uploads. Section "ImageUrls".
/// </summary>
public sealed class ImageUrlOptions
{
    public const string Section = "ImageUrls";

    /// <summary>false: imageUrl fields are refused (400 invalid_options).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>One URL's whole fetch: resolve, connect, TLS, redirects and body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>DNS resolution of a URL's host at submit (the first half of the guard).</summary>
    public TimeSpan ResolveTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Redirects followed per URL; every hop is dialled through the guard again (0: none).</summary>
    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 3;

    /// <summary>URLs of one submit fetched at the same time.</summary>
    [Range(1, 64)]
    public int MaxConcurrentFetches { get; set; } = 4;

    /// <summary>
    /// Plain http refused by default: an image fetched in clear can be swapped on the way. Off only for a trusted
    /// network (the tests serve images over http on loopback).
    /// </summary>
    public bool HttpsOnly { get; set; } = true;

    /// <summary>
    /// DANGER — TESTS ONLY, like Webhooks:AllowPrivateNetworks: true lets an image URL reach loopback, private
    /// networks and the cloud metadata service. Never set it in a deployment.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    public EgressRules Egress => new("image URL", HttpsOnly, AllowPrivateNetworks, ResolveTimeout);
}
