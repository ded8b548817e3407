using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cartoon.OptionsValidation;

/// <summary>
/// The one options registration (docs/architecture.md, "A setting"): bound, then its attributes and its validator checked
/// at start (ValidateOnStart), so a bad setting stops the host before it serves, with every failure named. The overloads
/// differ only in where the values come from. Each returns the builder for what a type adds (a PostConfigure).
/// </summary>
public static class ValidatedOptionsServiceCollectionExtensions
{
    /// <summary>Bound from <paramref name="section"/> of the host's own IConfiguration (resolved from the container).</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions> =>
        services.Validated<TOptions, TValidator>(services.AddOptions<TOptions>().BindConfiguration(section));

    /// <summary>Bound from the given section: a registration that receives its configuration rather than resolving it.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfigurationSection section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions> =>
        services.Validated<TOptions, TValidator>(services.AddOptions<TOptions>().Bind(section));

    /// <summary>Filled by <paramref name="bind"/>: for a type whose lists must replace their defaults, which the binder would append to.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, Action<TOptions> bind)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions> =>
        services.Validated<TOptions, TValidator>(services.AddOptions<TOptions>().Configure(bind));

    /// <summary>Bound from the given section and checked by its attributes only: a type with no rule beyond them.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, IConfigurationSection section)
        where TOptions : class =>
        services.AddOptions<TOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();

    // Attributes first, then the validator: the order the failures are listed in (and DatabaseRegistration's early check).
    // TryAddEnumerable: the validator is added once even when a registration runs twice. The attributes' check is added
    // each time, so registrations that can run twice guard themselves (EngineOptionsRegistration, AddCartoonVideoOptions).
    private static OptionsBuilder<TOptions> Validated<TOptions, TValidator>(this IServiceCollection services, OptionsBuilder<TOptions> builder)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return builder;
    }
}
