namespace Cartoon.Gateway.Errors;

/// <summary>The broker did not take a command in time; the submit answers 503 + Retry-After.</summary>
public sealed class BrokerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
