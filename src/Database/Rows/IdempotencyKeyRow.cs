namespace Cartoon.Database.Rows;

/// <summary>An Idempotency-Key claimed by a tenant: unique per (tenant, key); once done, the response to replay.</summary>
public sealed class IdempotencyKeyRow
{
    public string TenantId { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary>SHA-256 of the request's parameters and image bytes.</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>in_flight | completed.</summary>
    public string State { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public int? ResponseStatus { get; set; }
    public string? ResponseContentType { get; set; }
    public string? ResponseBody { get; set; }
    public string? ResponseLocation { get; set; }
}
