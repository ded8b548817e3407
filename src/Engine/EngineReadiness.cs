namespace Cartoon.Engine;

/// <summary>Set once the models are loaded and warm.</summary>
public sealed class EngineReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public TimeSpan WarmUpTime { get; private set; }

    internal void MarkReady(TimeSpan warmUp)
    {
        WarmUpTime = warmUp;
        _ready = true;
    }
}
