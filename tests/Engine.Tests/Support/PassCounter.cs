using System.Collections.Concurrent;
using Cartoon.Engine.Batching;
using Cartoon.Engine.Inference;

namespace Cartoon.Engine.Tests.Support;

/// <summary>Records every forward pass the engine hands ONNX Runtime (net and input shape), in order.</summary>
internal sealed class PassCounter : IPassListener
{
    private readonly ConcurrentQueue<(string Net, NetShape Shape)> _passes = new();

    public IReadOnlyList<(string Net, NetShape Shape)> Passes => _passes.ToArray();

    public void Passing(string net, NetShape shape) => _passes.Enqueue((net, shape));

    public IReadOnlyList<NetShape> Of(string net) => Passes.Where(p => p.Net == net).Select(p => p.Shape).ToArray();

    public void Clear() => _passes.Clear();
}
