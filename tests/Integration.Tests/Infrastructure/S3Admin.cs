using Minio;
using Minio.DataModel.Args;

namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary><see cref="S3Buckets"/> on the integration tests' S3 server (<see cref="ServicesFixture"/>).</summary>
public static class S3Admin
{
    public static IMinioClient Client(ServicesFixture services) =>
        S3Buckets.Client(services.RequireS3(), services.S3AccessKey, services.S3SecretKey);

    public static Task<bool> BucketExistsAsync(IMinioClient client, string bucket) =>
        client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket));

    /// <summary>Empties and removes a bucket; never throws (clean-up), nothing to do without an S3 server.</summary>
    public static Task DeleteBucketAsync(ServicesFixture services, string bucket) =>
        services.S3Endpoint is { } endpoint ? S3Buckets.DeleteAsync(endpoint, services.S3AccessKey, services.S3SecretKey, bucket) : Task.CompletedTask;
}
