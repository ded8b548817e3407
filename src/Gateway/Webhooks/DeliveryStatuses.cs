namespace Cartoon.Gateway.Webhooks;

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Every attempt of the schedule failed.</summary>
    public const string Failed = "failed";

    /// <summary>The receiver answered 410 Gone (this or an earlier delivery of the job): no more attempts.</summary>
    public const string Disabled = "disabled";
}
