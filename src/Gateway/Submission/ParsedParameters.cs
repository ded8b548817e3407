using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Submission;

/// <summary>The non-image fields of a submit: all are checked, and all errors are reported together.</summary>
public sealed record ParsedParameters(JobParameters Parameters, string? WebhookUrl, IReadOnlyList<string> WebhookEvents);
