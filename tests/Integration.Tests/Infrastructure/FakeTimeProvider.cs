namespace Cartoon.Integration.Tests.Infrastructure;

/// <summary>A clock the test sets.</summary>
public sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
