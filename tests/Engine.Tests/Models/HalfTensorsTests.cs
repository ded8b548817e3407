using System.Buffers.Binary;
using Cartoon.Cli.Models;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Cartoon.Engine.Tests.Models;

public sealed class HalfTensorsTests
{
    [Fact]
    public void Floats_round_to_nearest_half_and_out_of_range_values_clamp_instead_of_becoming_infinite()
    {
        var tensor = new TensorProto { Name = "c", DataType = (int)DataType.Float };
        tensor.Dims.Add(5);
        tensor.FloatData.AddRange([1f, 0.1f, 70000f, -1e6f, float.PositiveInfinity]);
        var clamped = 0;

        var half = HalfTensors.ToHalf(tensor, ref clamped);

        Assert.Equal(DataType.Float16, half.DataType());
        Assert.Equal([5L], half.Dims);
        var raw = half.RawData.ToByteArray();
        var values = Enumerable.Range(0, 5)
            .Select(i => (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 2)))).ToArray();
        Assert.Equal([1f, 0.099975586f, 65504f, -65504f, float.PositiveInfinity], values);
        Assert.Equal(2, clamped);
    }

    [Fact]
    public void Raw_little_endian_data_reads_like_float_data()
    {
        var raw = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(raw, 2.5f);
        BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4), -0.75f);
        var tensor = new TensorProto { Name = "r", DataType = (int)DataType.Float, RawData = Google.Protobuf.ByteString.CopyFrom(raw) };

        Assert.Equal([2.5f, -0.75f], HalfTensors.ReadFloats(tensor));
    }
}
