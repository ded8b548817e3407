using System.ComponentModel.DataAnnotations;

namespace Cartoon.Messaging;

/// <summary>Which broker carries the commands and events. Bound from section "Messaging"; validated at start.</summary>
public sealed class MessagingOptions : IValidatableObject
{
    public const string Section = "Messaging";

    /// <summary>InMemory (the embedded default: one process hosts gateway and worker) or RabbitMq.</summary>
    public MessagingTransport Transport { get; set; } = MessagingTransport.InMemory;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Transport))
            yield return new ValidationResult($"Messaging:Transport must be InMemory or RabbitMq (was {Transport}).", [nameof(Transport)]);
        if (Transport != MessagingTransport.RabbitMq)
            yield break;

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(RabbitMq, new ValidationContext(RabbitMq), results, validateAllProperties: true);
        foreach (var r in results)
            yield return new ValidationResult($"Messaging:RabbitMq: {r.ErrorMessage}", r.MemberNames.Select(m => $"{nameof(RabbitMq)}.{m}"));
    }
}

