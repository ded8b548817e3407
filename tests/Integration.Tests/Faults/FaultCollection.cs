namespace Cartoon.Integration.Tests.Faults;

/// <summary>
/// The fault tests restart the shared broker and stop the shared S3 server: they run alone, after the parallel
/// collections (DisableParallelization), and each leaves both services up when it ends.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults (real processes, services restarted)";
}
