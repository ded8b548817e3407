using Cartoon.Database;
using Cartoon.Gateway.Idempotency;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Submission;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Extensions;

public static class JobExtensions
{
    /// <summary>Job state in the database (store, transitions, queue positions, retention), submit pipeline, idempotency keys.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCartoonDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdempotencyOptions>, IdempotencyOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JobStore>();
        services.AddSingleton<HandOffMarker>();
        services.AddSingleton<QueuePositions>();
        services.AddSingleton<JobViewFactory>();
        services.AddSingleton<JobCompletion>();
        services.AddSingleton<JobEventApplier>();
        services.AddSingleton<JobStateUpdater>();
        services.AddSingleton<VideoProgressWriter>();
        services.AddOptions<JobRetentionOptions>().BindConfiguration(JobRetentionOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobRetentionOptions>, JobRetentionOptionsValidator>());
        services.AddHostedService<JobRetentionSweeper>();

        services.AddSingleton<SubmitFormReader>();
        services.AddSingleton<SubmitParametersParser>();
        services.AddSingleton<ImageValidator>();
        services.AddSingleton<InputUploader>();
        // Scoped: it sends through MassTransit's scoped ISendEndpointProvider.
        services.AddScoped<JobSubmitter>();

        services.AddSingleton<IdempotencyService>();
        services.AddHostedService<IdempotencySweeper>();
        return builder;
    }
}
