using Minio;
using Minio.DataModel.Args;

namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary>Direct SDK access for checks and clean-up that go around the store under test.</summary>
public static class S3Admin
{
    public static IMinioClient Client(ServicesFixture services) =>
        new MinioClient()
            .WithEndpoint(services.RequireS3())
            .WithCredentials(services.S3AccessKey, services.S3SecretKey)
            .WithRegion("us-east-1")
            .WithTimeout(10_000)
            .Build();

    public static Task<bool> BucketExistsAsync(IMinioClient client, string bucket) =>
        client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket));

    /// <summary>Empties and removes a bucket; never throws (clean-up).</summary>
    public static async Task DeleteBucketAsync(ServicesFixture services, string bucket)
    {
        if (services.S3Endpoint is null)
        {
            return;
        }

        try
        {
            using var client = Client(services);
            if (!await BucketExistsAsync(client, bucket))
            {
                return;
            }

            var keys = new List<string>();
            await foreach (var item in client.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(bucket).WithRecursive(true)))
            {
                keys.Add(item.Key);
            }

            foreach (var key in keys)
            {
                await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(bucket).WithObject(key));
            }

            await client.RemoveBucketAsync(new RemoveBucketArgs().WithBucket(bucket));
        }
        catch (Exception)
        {
            // best effort
        }
    }
}
