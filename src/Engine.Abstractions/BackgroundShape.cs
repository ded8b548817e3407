namespace Cartoon.Engine;

/// <summary>How an item's bg input is padded (see <see cref="EngineOptions.BackgroundShape"/>).</summary>
public enum BackgroundShape
{
    Auto,
    Exact,
    Bucket,
}
