using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Cartoon.Cli.Models;

/// <summary>Nodes the fp16 passes add to a graph.</summary>
internal static class OnnxNodes
{
    public static NodeProto Cast(string input, string output, DataType to)
    {
        var node = new NodeProto { OpType = "Cast", Name = $"{output}_cast" };
        node.Input.Add(input);
        node.Output.Add(output);
        node.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)to });
        return node;
    }
}
