using Cartoon.Engine.Batching;

namespace Cartoon.Engine.Inference;

/// <summary>
/// Told of every forward pass, right before the nets hand it to ONNX Runtime: the net ("{style}/bg",
/// "{style}/head", <see cref="DetectorName"/>) and the input shape. Tests count the real passes with it; the engine
/// takes one only through its internal constructor.
/// </summary>
internal interface IPassListener
{
    const string DetectorName = "detector";

    void Passing(string net, NetShape shape);
}
