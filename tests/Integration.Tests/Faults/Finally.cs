namespace Cartoon.Integration.Tests.Faults;

/// <summary>Runs an action when disposed, so a test's clean-up or report happens on success and failure alike.</summary>
internal sealed class Finally(Action action) : IDisposable
{
    public void Dispose() => action();
}
