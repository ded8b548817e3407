using Minio;
using Minio.DataModel.Args;

namespace Cartoon.Tests.Shared.Stack;

/// <summary>Direct SDK access to the S3 server, around the store under test: its checks and its clean-up.</summary>
public static class S3Buckets
{
    public static IMinioClient Client(string endpoint, string accessKey, string secretKey) =>
        new MinioClient()
            .WithEndpoint(endpoint)
            .WithCredentials(accessKey, secretKey)
            .WithRegion("us-east-1")
            .WithTimeout(10_000)
            .Build();

    /// <summary>Empties and removes a bucket if it exists; never throws (clean-up).</summary>
    public static async Task DeleteAsync(string endpoint, string accessKey, string secretKey, string bucket)
    {
        try
        {
            using var client = Client(endpoint, accessKey, secretKey);
            if (!await client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket)))
                return;
            // A page at a time until none is left: s3rver's V2 listing fails once a bucket holds more than a page (1000
            // keys; its continuation token needs DES, which OpenSSL 3 no longer offers), and its V1 listing gives no next marker,
            // so the SDK stops after the first page.
            while (await FirstPageAsync(client, bucket) is { Count: > 0 } keys)
            {
                foreach (var key in keys)
                    await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(bucket).WithObject(key));
            }
            await client.RemoveBucketAsync(new RemoveBucketArgs().WithBucket(bucket));
        }
        catch (Exception)
        {
            // best effort
        }
    }

    private static async Task<List<string>> FirstPageAsync(IMinioClient client, string bucket)
    {
        var keys = new List<string>();
        await foreach (var item in client.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(bucket).WithRecursive(true).WithListObjectsV1(true)))
            keys.Add(item.Key);
        return keys;
    }
}
