using Cartoon.Gateway.Idempotency;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Submission;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cartoon.Gateway.Extensions;

public static class JobExtensions
{
    /// <summary>Job state (store + cache + per-job lock), submit pipeline, idempotency keys.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section)
            .Validate(o => o.Retention > TimeSpan.Zero && o.InFlightTimeout > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero,
                "Idempotency:Retention, InFlightTimeout and SweepInterval must be positive.")
            .ValidateOnStart();

        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JobLocks>();
        services.AddSingleton<QueueTracker>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobViewFactory>();
        services.AddSingleton<JobStateUpdater>();

        services.AddSingleton<SubmitFormReader>();
        services.AddSingleton<SubmitParametersParser>();
        services.AddSingleton<ImageValidator>();
        // Scoped: it sends through MassTransit's scoped ISendEndpointProvider.
        services.AddScoped<JobSubmitter>();

        services.AddSingleton<IdempotencyService>();
        services.AddHostedService<IdempotencySweeper>();
        return builder;
    }
}
