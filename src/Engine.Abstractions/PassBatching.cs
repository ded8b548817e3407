namespace Cartoon.Engine;

/// <summary>How many items a pass takes (see <see cref="EngineOptions.PassBatching"/>).</summary>
public enum PassBatching
{
    Auto,
    Group,
    Single,
}
