namespace Cartoon.Worker.Consumers;

/// <summary>The engine call an item ran in: its size, and the group's inference time shared out per item.</summary>
internal readonly record struct ItemRun(int BatchSize, double InferenceMs)
{
    public static ItemRun NotRun(int groupSize) => new(groupSize, 0);

    public static ItemRun Shared(int executed, double groupInferenceMs) =>
        new(executed, executed > 0 ? groupInferenceMs / executed : 0);
}
