namespace Cartoon.Gateway.Extensions;

/// <summary>What runs in this process, decided once from configuration and printed at start.</summary>
public sealed record GatewayModeInfo(GatewayMode Mode, string Transport, string Storage);
