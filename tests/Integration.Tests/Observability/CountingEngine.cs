using Cartoon.Engine;
using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Pipeline;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>The real engine, with a record of every call (its GroupStats): the ground truth the metrics are checked against.</summary>
public sealed class CountingEngine(CartoonEngine inner) : ICartoonEngine
{
    private readonly List<GroupStats> _calls = [];

    public string Device => inner.Device;

    public IReadOnlyCollection<string> LoadedStyles => inner.LoadedStyles;

    public IReadOnlyList<GroupStats> Calls
    {
        get
        {
            lock (_calls)
                return _calls.ToArray();
        }
    }

    public async Task<CartoonGroupResult> CartoonizeAsync(IReadOnlyList<CartoonRequest> items, Action<GroupStage>? stages, CancellationToken cancellationToken = default)
    {
        var result = await inner.CartoonizeAsync(items, stages, cancellationToken);
        lock (_calls)
            _calls.Add(result.Stats);
        return result;
    }

    public Task<IReadOnlyList<IReadOnlyList<DetectedFace>>> DetectFacesAsync(IReadOnlyList<PixelBuffer> frames,
        Detail detail = Detail.Standard, CancellationToken cancellationToken = default) =>
        inner.DetectFacesAsync(frames, detail, cancellationToken);
}
