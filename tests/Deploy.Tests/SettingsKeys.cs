using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Cartoon.Database;
using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Gateway.Auth;
using Cartoon.Gateway.Backpressure;
using Cartoon.Gateway.Options;
using Cartoon.Worker.Consumers;
using Cartoon.Messaging;
using Cartoon.Messaging.Tiers;
using Cartoon.Storage;

namespace Cartoon.Deploy.Tests;

/// <summary>
/// Checks an environment variable name in ASP.NET Core's <c>Section__Key</c> form against the option classes the
/// apps bind: each segment must be a property (case-insensitive, as the configuration binder), a list index, or a
/// dictionary key, and the path must end on a scalar.
/// </summary>
public static partial class SettingsKeys
{
    /// <summary>
    /// The option classes bound from each section. "Storage" has two: the generic store's settings and the gateway's
    /// job retention, which kept its Storage:Retention / Storage:SweepInterval names when it left StorageOptions.
    /// </summary>
    private static readonly Dictionary<string, Type[]> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [MessagingOptions.Section] = [typeof(MessagingOptions)],
        [TierOptions.Section] = [typeof(TierOptions)],
        [WorkerOptions.Section] = [typeof(WorkerOptions)],
        [StorageOptions.SectionName] = [typeof(StorageOptions), typeof(JobRetentionOptions)],
        [EngineOptions.Section] = [typeof(EngineOptions)],
        [GatewayOptions.Section] = [typeof(GatewayOptions)],
        [UploadOptions.Section] = [typeof(UploadOptions)],
        [WebhookOptions.Section] = [typeof(WebhookOptions)],
        [IdempotencyOptions.Section] = [typeof(IdempotencyOptions)],
        [AuthOptions.Section] = [typeof(AuthOptions)],
        [RateLimitOptions.Section] = [typeof(RateLimitOptions)],
        [BackpressureOptions.Section] = [typeof(BackpressureOptions)],
        [DatabaseOptions.Section] = [typeof(DatabaseOptions)],
    };

    /// <summary>Sub-sections bound from their own path rather than as a property of the parent class.</summary>
    private static readonly Dictionary<string, Type> ExtraSections = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Engine:MemoryCost"] = typeof(MemoryCostOptions),
    };

    /// <summary>Env names that look like Section__Key: letters/digits segments joined by double underscores.</summary>
    public static IReadOnlyList<string> FindKeys(string text) =>
        [.. KeyPattern().Matches(text).Select(m => m.Value).Distinct()];

    /// <summary>Null when the key is a real setting, else why not.</summary>
    public static string? Check(string envKey)
    {
        var segments = envKey.Split("__");
        if (segments.Length < 2 || segments.Any(s => s.Length == 0))
            return "not Section__Key";

        // host settings: Logging:LogLevel:<category> is free-form
        if (segments[0].Equals("Logging", StringComparison.OrdinalIgnoreCase))
            return segments.Length >= 3 && segments[1].Equals("LogLevel", StringComparison.OrdinalIgnoreCase)
                ? null
                : "Logging keys are Logging__LogLevel__<category>";

        if (!Sections.TryGetValue(segments[0], out var types))
            return $"unknown section '{segments[0]}' (known: {string.Join(", ", Sections.Keys)}, Logging)";

        if (segments.Length > 2 && ExtraSections.TryGetValue($"{segments[0]}:{segments[1]}", out var extra))
            return Walk(envKey, segments, extra, start: 2);

        // Real when any class bound from the section reads it; else the first class's reason.
        var problems = types.Select(type => Walk(envKey, segments, type, start: 1)).ToList();
        return problems.Contains(null) ? null : problems[0];
    }

    private static string? Walk(string envKey, string[] segments, Type type, int start)
    {
        for (var i = start; i < segments.Length; i++)
        {
            var segment = segments[i];
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (IsScalar(type))
                return $"'{string.Join(':', segments[..i])}' is a value, not a section";

            if (DictionaryValueType(type) is { } valueType)
            {
                type = valueType;
                continue;
            }

            if (ElementType(type) is { } elementType)
            {
                if (!int.TryParse(segment, out var index) || index < 0)
                    return $"'{string.Join(':', segments[..i])}' is a list: expected an index, got '{segment}'";
                type = elementType;
                continue;
            }

            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || property.SetMethod is null && !IsCollection(property.PropertyType))
                return $"{type.Name} has no settable property '{segment}'";
            type = property.PropertyType;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        return IsScalar(type) ? null : $"'{envKey.Replace("__", ":", StringComparison.Ordinal)}' is a section ({type.Name}), not a value";
    }

    private static bool IsScalar(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
        || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(Uri);

    private static bool IsCollection(Type t) => t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t);

    private static Type? ElementType(Type t)
    {
        if (t.IsArray)
            return t.GetElementType();
        var enumerable = t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? t
            : t.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static Type? DictionaryValueType(Type t)
    {
        var dict = t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IDictionary<,>)
            ? t
            : t.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dict?.GetGenericArguments()[1];
    }

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*(?:__[A-Za-z0-9]+)+\b")]
    private static partial Regex KeyPattern();
}
