using System.Web;
using Cartoon.Storage;
using Minio;
using Minio.DataModel.Args;

namespace Cartoon.Integration.Tests.Storage;

/// <summary>
/// The store's own signer (<see cref="S3Presigner"/>) against the MinIO SDK it stands in for: for the same endpoint,
/// credentials, region, key and second, the same URL path and the same query, signature included. Signing is local on
/// both sides, so no server is needed; the S3 server's acceptance of these URLs is S3BlobStoreTests' round trips.
/// </summary>
public sealed class S3PresignerTests
{
    private const string Bucket = "cartoon-bucket";

    public static TheoryData<string, bool, string, string, string> Endpoints => new()
    {
        { "127.0.0.1:9100", false, "S3RVER", "S3RVER", "us-east-1" },
        { "minio.internal:9000", true, "AKIA+/key=1", "secret/with+chars=", "eu-central-1" },
        { "storage.example.com", true, "access", "s3cr3t", "us-west-2" },
        { "storage.example.com:443", true, "access", "s3cr3t", "us-east-1" },
        { "minio:80", false, "access", "s3cr3t", "us-east-1" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Urls_match_the_sdks_for_the_same_second(string endpoint, bool ssl, string accessKey, string secretKey, string region)
    {
        using var sdk = new MinioClient().WithEndpoint(endpoint).WithCredentials(accessKey, secretKey).WithRegion(region).WithSSL(ssl).Build();
        var presigner = new S3Presigner(endpoint, ssl, accessKey, secretKey, region, TimeProvider.System);
        foreach (var key in new[] { "jobs/0197a1b2c3d4e5f6a7b8c9d0e1f2a3b4/inputs/0000", "jobs/x/results/0001.png", "a-b_c.d~e/f", "k" })
        {
            foreach (var method in new[] { "PUT", "GET" })
            {
                var expected = new Uri(method == "PUT"
                    ? await sdk.PresignedPutObjectAsync(new PresignedPutObjectArgs().WithBucket(Bucket).WithObject(key).WithExpiry(300))
                    : await sdk.PresignedGetObjectAsync(new PresignedGetObjectArgs().WithBucket(Bucket).WithObject(key).WithExpiry(300)));
                var query = HttpUtility.ParseQueryString(expected.Query);
                var at = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", null,
                    System.Globalization.DateTimeStyles.AssumeUniversal);

                var actual = presigner.Presign(method, Bucket, key, 300, at);

                Assert.Equal(expected.GetLeftPart(UriPartial.Path), actual.GetLeftPart(UriPartial.Path));
                Assert.Equal(Sorted(expected), Sorted(actual));
            }
        }
    }

    [Theory]
    [InlineData("jobs/1/inputs/0000", true)]
    [InlineData("a-b_c.d~e/F9", true)]
    [InlineData("with space", false)]
    [InlineData("plus+sign", false)]
    [InlineData("ünïcode", false)]
    [InlineData("q?uery", false)]
    public void Only_keys_of_unreserved_characters_are_signed_here(string key, bool plain) =>
        Assert.Equal(plain, S3Presigner.IsPlainKey(key));

    [Theory]
    [InlineData("127.0.0.1:9100", true)]
    [InlineData("minio:9000", true)]
    [InlineData("s3.amazonaws.com", false)]
    [InlineData("s3.eu-central-1.amazonaws.com:443", false)]
    [InlineData("s3.cn-north-1.amazonaws.com.cn", false)]
    public void Amazon_endpoints_stay_with_the_sdk(string endpoint, bool handled) =>
        Assert.Equal(handled, S3Presigner.Handles(endpoint));

    private static List<string> Sorted(Uri url)
    {
        var query = HttpUtility.ParseQueryString(url.Query);
        return [.. query.AllKeys.Select(k => $"{k}={query[k]}").Order(StringComparer.Ordinal)];
    }
}
