namespace Cartoon.Gateway.Extensions;

public enum GatewayMode
{
    /// <summary>Gateway + GPU worker + engine in one process: no broker, no S3 needed (the default for `dotnet run`).</summary>
    Embedded,

    /// <summary>Gateway only; workers are other processes behind the broker.</summary>
    Distributed,
}
