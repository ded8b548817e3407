namespace Cartoon.Integration.Tests.Observability;

/// <summary>
/// Meters are global to the process: an OpenTelemetry MeterProvider sees every meter of a name, whichever host made it.
/// The tests that compare counter deltas with what ran therefore run alone, never beside other engine/worker tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection
{
    public const string Name = "Observability (not parallel)";
}
