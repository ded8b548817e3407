using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Egress;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Webhooks;

/// <summary>
/// One attempt of one claimed delivery: sign, POST (no redirects, SSRF-checked connect), record the attempt, and
/// schedule the next one. Only 2xx succeeds; 410 Gone disables the job's webhook; anything else retries on the
/// schedule, honouring Retry-After when the receiver asks for more time. The record is written only while this
/// replica still holds the delivery's lease.
/// </summary>
public sealed class WebhookDispatcher(
    IHttpClientFactory httpClientFactory,
    WebhookSigner signer,
    DeliveryRecorder recorder,
    CartoonDb db,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    GatewayMetrics metrics,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(10);

    /// <param name="webhookOff">The job's webhook was disabled or the job deleted since the delivery was written: it ends
    /// as disabled without an attempt.</param>
    public async Task DispatchAsync(WebhookDeliveryRow row, bool webhookOff, CancellationToken ct)
    {
        var delivery = JobRowMapper.ToDelivery(row);
        if (webhookOff)
        {
            await SaveAsync(row, delivery with { Status = DeliveryStatuses.Disabled, NextAttemptAt = null }, ct);
            metrics.WebhookAttempt(DeliveryStatuses.Disabled);
            return;
        }

        using var span = GatewayMetrics.ActivitySource.StartActivity("webhook deliver", ActivityKind.Internal);
        span?.SetTag("cartoon.job_id", delivery.JobId.ToString());
        span?.SetTag("cartoon.webhook.id", delivery.Id);
        span?.SetTag("cartoon.webhook.event", delivery.Event);
        var (attempt, retryAfter, blocked) = await AttemptAsync(row.TenantId, delivery, ct);
        // The receiver has answered: record that even while the host stops, or the next process repeats an attempt
        // whose outcome it cannot show (bounded, so a store outage cannot hold the shutdown).
        using var record = new CancellationTokenSource(RecordTimeout);
        var outcome = await ConcludeAsync(row, delivery, attempt, retryAfter, record.Token);
        span?.SetTag("cartoon.webhook.outcome", outcome);
        span?.SetTag("cartoon.webhook.attempt", attempt.Number);
        if (outcome != DeliveryStatuses.Delivered)
            span?.SetStatus(ActivityStatusCode.Error, attempt.Error);
        // An attempt the SSRF guard stopped counts as "blocked" whether it is retried or was the last one.
        metrics.WebhookAttempt(blocked ? "blocked" : outcome);
    }

    /// <summary>Records the attempt's consequence; returns delivered | disabled | failed | retry.</summary>
    private async Task<string> ConcludeAsync(WebhookDeliveryRow row, WebhookDelivery delivery, WebhookAttempt attempt, TimeSpan? retryAfter,
        CancellationToken ct)
    {
        var attempts = delivery.Attempts.Append(attempt).ToList();
        var updated = delivery with { Attempts = attempts };

        if (attempt.StatusCode is >= 200 and < 300)
        {
            await SaveAsync(row, updated with { Status = DeliveryStatuses.Delivered, NextAttemptAt = null }, ct);
            return DeliveryStatuses.Delivered;
        }
        if (attempt.StatusCode == (int)HttpStatusCode.Gone)
        {
            await SaveAsync(row, updated with { Status = DeliveryStatuses.Disabled, NextAttemptAt = null }, ct);
            await DisableJobWebhookAsync(delivery.JobId, $"Receiver answered 410 Gone to {delivery.Id}.", ct);
            return DeliveryStatuses.Disabled;
        }

        var schedule = options.Value.EffectiveRetrySchedule;
        if (attempts.Count > schedule.Count)
        {
            logger.LogWarning("Webhook {DeliveryId} of job {JobId} failed after {Attempts} attempts", delivery.Id, delivery.JobId, attempts.Count);
            await SaveAsync(row, updated with { Status = DeliveryStatuses.Failed, NextAttemptAt = null }, ct);
            return DeliveryStatuses.Failed;
        }
        var delay = WebhookRetryPolicy.Delay(schedule[attempts.Count - 1], options.Value.JitterFraction, Random.Shared);
        if (retryAfter is { } asked && asked > delay)
            delay = asked < MaxRetryAfter ? asked : MaxRetryAfter;
        var next = clock.GetUtcNow() + delay;
        await SaveAsync(row, updated with { NextAttemptAt = next }, ct);
        return "retry";
    }

    private async Task<(WebhookAttempt Attempt, TimeSpan? RetryAfter, bool Blocked)> AttemptAsync(string tenantId, WebhookDelivery delivery, CancellationToken ct)
    {
        var number = delivery.Attempts.Count + 1;
        var at = clock.GetUtcNow();
        var timestamp = at.ToUnixTimeSeconds();
        var watch = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", delivery.Id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", signer.Sign(tenantId, delivery.Id, timestamp, delivery.Payload));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Cartoon-Webhooks", "1"));

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.Timeout);
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            var error = code is >= 200 and < 300 ? null
                : code is >= 300 and < 400 ? $"redirect to '{response.Headers.Location}' not followed"
                : $"HTTP {code}";
            return (new WebhookAttempt(number, at, code, error, Math.Round(watch.Elapsed.TotalMilliseconds, 1)), RetryAfter(response), false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var error = ex switch
            {
                OperationCanceledException => $"timed out after {options.Value.Timeout.TotalSeconds:0.#} s",
                HttpRequestException { InnerException: EgressBlockedException blocked } => blocked.Message,
                EgressBlockedException blocked => blocked.Message,
                HttpRequestException http => $"connection failed: {http.HttpRequestError}",
                _ => "delivery failed",
            };
            logger.LogInformation(ex, "Webhook {DeliveryId} attempt {Attempt} failed: {Error}", delivery.Id, number, error);
            var stopped = ex is EgressBlockedException or HttpRequestException { InnerException: EgressBlockedException };
            return (new WebhookAttempt(number, at, null, error, Math.Round(watch.Elapsed.TotalMilliseconds, 1)), null, stopped);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
            return date - clock.GetUtcNow();
        return null;
    }

    /// <summary>Records the delivery and releases its lease; nothing is written if another replica took the lease meanwhile.</summary>
    private async Task SaveAsync(WebhookDeliveryRow row, WebhookDelivery delivery, CancellationToken ct)
    {
        var attempts = JsonSerializer.Serialize(delivery.Attempts, StoreJson.Options);
        var saved = await recorder.RecordAsync(new DeliveryRecord(row.Id, row.LeaseOwner ?? "", delivery.Status, attempts, delivery.NextAttemptAt), ct);
        if (!saved)
            logger.LogWarning("Webhook {DeliveryId}: lease lost before the attempt was recorded (another replica took it over)", row.Id);
    }

    /// <summary>The job's webhook is off: its other pending deliveries end as disabled too.</summary>
    private async Task DisableJobWebhookAsync(Guid jobId, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var ctx = db.Create();
        var disabled = await ctx.Jobs.Where(j => j.Id == jobId && j.WebhookDisabledAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.WebhookDisabledAt, now).SetProperty(j => j.WebhookDisabledReason, reason), ct);
        await ctx.WebhookDeliveries.Where(d => d.JobId == jobId && d.Status == DeliveryStatuses.Pending && d.LeaseOwner == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatuses.Disabled).SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null), ct);
        if (disabled == 1)
            logger.LogWarning("Webhook of job {JobId} disabled: {Reason}", jobId, reason);
    }
}
