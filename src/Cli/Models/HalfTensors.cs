using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Cartoon.Cli.Models;

/// <summary>float32 tensors rewritten as float16 (round to nearest even, as onnxconverter-common does through numpy).</summary>
internal static class HalfTensors
{
    private const float HalfMax = 65504f;

    /// <summary>
    /// A float16 copy of a float32 tensor. Values beyond ±65504 are clamped to it rather than becoming ±Inf (an Inf
    /// weight or constant would poison every output it reaches); <paramref name="clamped"/> counts them.
    /// </summary>
    public static TensorProto ToHalf(TensorProto tensor, ref int clamped)
    {
        if (tensor.DataType() != DataType.Float)
            throw new ArgumentException($"Tensor {tensor.Name} is {tensor.DataType()}, not float.", nameof(tensor));
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            throw new NotSupportedException($"Tensor {tensor.Name} keeps its data in an external file; the fp16 converter reads only embedded data.");

        var values = ReadFloats(tensor);
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (float.IsFinite(v) && Math.Abs(v) > HalfMax)
            {
                v = MathF.CopySign(HalfMax, v);
                clamped++;
            }
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), BitConverter.HalfToUInt16Bits((Half)v));
        }

        var half = new TensorProto
        {
            Name = tensor.Name,
            DataType = (int)DataType.Float16,
            RawData = ByteString.CopyFrom(bytes),
            DocString = tensor.DocString,
        };
        half.Dims.AddRange(tensor.Dims);
        return half;
    }

    /// <summary>A float tensor's values, from raw_data (little-endian, as ONNX specifies) or float_data.</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.RawData.IsEmpty)
            return [.. tensor.FloatData];
        var raw = tensor.RawData.Span;
        if (raw.Length % 4 != 0)
            throw new InvalidDataException($"Tensor {tensor.Name}: raw_data of {raw.Length} bytes is not a whole number of floats.");
        var values = new float[raw.Length / 4];
        for (var i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
        return values;
    }
}
