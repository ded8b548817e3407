using Cartoon.Tests.Shared.Stack;

namespace Cartoon.Integration.Tests.Infrastructure;

internal static class TestStackServices
{
    /// <summary>The services a <see cref="DeploymentStack"/> of these tests runs on: this broker (local or a container), the test S3 server and PostgreSQL.</summary>
    public static StackServices StackServices(this RabbitMqEndpoint rabbit) =>
        new(rabbit.AmqpUri, rabbit.RequireManagement(), ServicesFixture.Instance.RequireS3(), ServicesFixture.Instance.S3AccessKey,
            ServicesFixture.Instance.S3SecretKey, TestDatabase.Server);
}
