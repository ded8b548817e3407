using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cartoon.Messaging;

/// <summary>
/// Checked at start (ValidateOnStart): the transport, and on RabbitMQ the attributes of the nested
/// <see cref="RabbitMqOptions"/>, which ValidateDataAnnotations does not reach. Every failure is reported at once.
/// </summary>
public sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Transport))
            failures.Add($"Messaging:Transport must be InMemory or RabbitMq (was {options.Transport}).");
        // The broker's settings matter only when there is a broker.
        if (options.Transport == MessagingTransport.RabbitMq)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options.RabbitMq, new ValidationContext(options.RabbitMq), results, validateAllProperties: true);
            failures.AddRange(results.Select(r => $"Messaging:RabbitMq: {r.ErrorMessage}"));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
