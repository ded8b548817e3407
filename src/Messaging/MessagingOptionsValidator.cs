using System.ComponentModel.DataAnnotations;
using Cartoon.OptionsValidation;

namespace Cartoon.Messaging;

/// <summary>
/// Checked at start (ValidateOnStart): the transport, and on RabbitMQ the attributes of the nested
/// <see cref="RabbitMqOptions"/>, which ValidateDataAnnotations does not reach. Every failure is reported at once.
/// </summary>
public sealed class MessagingOptionsValidator : OptionsValidator<MessagingOptions>
{
    protected override IEnumerable<string> Failures(MessagingOptions options)
    {
        if (!Enum.IsDefined(options.Transport))
            yield return $"Messaging:Transport must be InMemory or RabbitMq (was {options.Transport}).";
        // The broker's settings matter only when there is a broker.
        if (options.Transport == MessagingTransport.RabbitMq)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options.RabbitMq, new ValidationContext(options.RabbitMq), results, validateAllProperties: true);
            foreach (var result in results)
                yield return $"Messaging:RabbitMq: {result.ErrorMessage}";
        }
    }
}
