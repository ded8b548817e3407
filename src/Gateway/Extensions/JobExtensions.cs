using Cartoon.Database;
using Cartoon.Gateway.Idempotency;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Submission;
using Cartoon.OptionsValidation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cartoon.Gateway.Extensions;

public static class JobExtensions
{
    /// <summary>Job state in the database (store, transitions, queue positions, retention), submit pipeline, idempotency keys.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCartoonDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddValidatedOptions<IdempotencyOptions, IdempotencyOptionsValidator>(IdempotencyOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JobStore>();
        services.AddSingleton<HandOffMarker>();
        services.AddSingleton<QueuePositions>();
        services.AddSingleton<JobViewFactory>();
        services.AddSingleton<JobCompletion>();
        services.AddSingleton<JobEventApplier>();
        services.AddSingleton<JobStateUpdater>();
        services.AddSingleton<VideoProgressWriter>();
        services.AddValidatedOptions<JobRetentionOptions, JobRetentionOptionsValidator>(JobRetentionOptions.Section);
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
