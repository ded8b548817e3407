using Cartoon.Gateway.Diagnostics;
using Cartoon.ServiceDefaults;

namespace Cartoon.Gateway.Extensions;

public static class GatewayObservabilityExtensions
{
    public const string ServiceName = "cartoon-gateway";

    /// <summary>OpenTelemetry metrics + traces (ServiceDefaults) and the gateway's own instruments.</summary>
    public static IHostApplicationBuilder AddGatewayObservability(this IHostApplicationBuilder builder)
    {
        builder.AddCartoonObservability(ServiceName);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<GatewayMetrics>();
        return builder;
    }
}
