using Cartoon.OptionsValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cartoon.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers storage from the configuration section "Storage" (<see cref="StorageOptions"/>, validated at
    /// start): the <see cref="IBlobStore"/> singleton (S3 or file system per Storage:Provider), a hosted
    /// service that makes the store ready at start and fails the host when it cannot, and the "storage" health check
    /// tagged "ready". Call it before adding hosted services that use storage.
    /// </summary>
    public static IServiceCollection AddCartoonStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(configuration.GetSection(StorageOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<IBlobStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (options.IsS3)
            {
                return ActivatorUtilities.CreateInstance<S3BlobStore>(sp);
            }

            var root = Path.IsPathRooted(options.Root)
                ? options.Root
                : Path.Combine(sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory(), options.Root);
            return new FileSystemBlobStore(root, sp.GetService<ILogger<FileSystemBlobStore>>());
        });

        services.AddHostedService<StorageInitializer>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return services;
    }
}
