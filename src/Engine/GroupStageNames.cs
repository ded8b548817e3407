namespace Cartoon.Engine;

public static class GroupStageNames
{
    /// <summary>"decoding", "inferring", "encoding": the names the API reports an item's stage by (Contracts.ItemStages).</summary>
    public static string Name(this GroupStage stage) => stage switch
    {
        GroupStage.Decoding => "decoding",
        GroupStage.Inferring => "inferring",
        GroupStage.Encoding => "encoding",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
