namespace Cartoon.ServiceDefaults;

/// <summary>An OTLP destination: Endpoint from Observability:OtlpEndpoint, or null when OTEL_EXPORTER_OTLP_ENDPOINT rules.</summary>
public sealed record OtlpTarget(Uri? Endpoint);
