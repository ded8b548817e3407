namespace Cartoon.Engine.Batching;

/// <summary>
/// One input shape of a net, [N, H, W] (the channels are fixed). ONNX Runtime plans memory, and cuDNN picks its
/// convolution algorithms, once per distinct shape: the first pass at a new one is the slow one.
/// </summary>
public readonly record struct NetShape(int Batch, int Height, int Width)
{
    /// <summary>Input pixels of the whole pass (what activation memory and compute scale with).</summary>
    public long Pixels => (long)Batch * Height * Width;

    public override string ToString() => $"{Batch}x{Height}x{Width}";
}
