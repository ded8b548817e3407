using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Cartoon.Cli.Models;

/// <summary>
/// The element type of every tensor in a graph, from its inputs, initializers and a table of op rules. ONNX files need
/// not carry value_info for intermediate tensors (the DCT-Net files carry none), so the fp16 converter derives the
/// types itself. Ops outside the table are refused: guessing a type could silently produce a graph ORT rejects or,
/// worse, one that runs with a wrong Cast.
/// </summary>
internal static class ElementTypes
{
    /// <summary>Ops whose every output has the element type of their first input.</summary>
    private static readonly HashSet<string> SameAsFirstInput = new(StringComparer.Ordinal)
    {
        "Abs", "Add", "AveragePool", "BatchNormalization", "Clip", "Concat", "Conv", "ConvTranspose", "Div", "Elu",
        "Exp", "Expand", "Flatten", "Gather", "GlobalAveragePool", "HardSigmoid", "Identity", "InstanceNormalization",
        "LeakyRelu", "Log", "MatMul", "Max", "MaxPool", "Min", "Mul", "Neg", "Pad", "Pow", "PRelu", "Reciprocal",
        "ReduceMean", "ReduceSum", "Relu", "Reshape", "Resize", "Sigmoid", "Slice", "Softmax", "Split", "Sqrt",
        "Squeeze", "Sub", "Tanh", "Tile", "Transpose", "Unsqueeze", "Upsample",
    };

    /// <summary>Ops that always output int64, whatever their input.</summary>
    private static readonly HashSet<string> Int64Output = new(StringComparer.Ordinal) { "Shape", "Size" };

    public static Dictionary<string, DataType> Infer(GraphProto graph)
    {
        var types = new Dictionary<string, DataType>(StringComparer.Ordinal);
        foreach (var input in graph.Input)
            types[input.Name] = input.Type.TensorType.ElemType();
        foreach (var initializer in graph.Initializer)
            types[initializer.Name] = initializer.DataType();
        foreach (var node in graph.Node)
        {
            var type = OutputType(node, types);
            foreach (var output in node.Output.Where(o => o.Length > 0))
                types[output] = type;
        }
        return types;
    }

    private static DataType OutputType(NodeProto node, Dictionary<string, DataType> types)
    {
        if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            throw new NotSupportedException($"Node {node.Name}: op domain '{node.Domain}' is not supported by the fp16 converter.");
        if (SameAsFirstInput.Contains(node.OpType))
            return types.TryGetValue(node.Input[0], out var first)
                ? first
                : throw new InvalidDataException($"Node {node.Name} ({node.OpType}) reads {node.Input[0]}, which nothing before it produces.");
        if (Int64Output.Contains(node.OpType))
            return DataType.Int64;
        return node.OpType switch
        {
            "Cast" => (DataType)Attribute(node, "to").I,
            "ConstantOfShape" => node.Attribute.FirstOrDefault(a => a.Name == "value") is { } value ? value.T.DataType() : DataType.Float,
            "Constant" => ConstantType(node),
            _ => throw new NotSupportedException(
                $"Node {node.Name}: op {node.OpType} is not supported by the fp16 converter (its output type rule is unknown)."),
        };
    }

    private static DataType ConstantType(NodeProto node)
    {
        var attribute = node.Attribute.Single();
        return attribute.Name switch
        {
            "value" => attribute.T.DataType(),
            "value_float" or "value_floats" => DataType.Float,
            "value_int" or "value_ints" => DataType.Int64,
            _ => throw new NotSupportedException($"Node {node.Name}: Constant with attribute {attribute.Name} is not supported by the fp16 converter."),
        };
    }

    internal static AttributeProto Attribute(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)
        ?? throw new InvalidDataException($"Node {node.Name} ({node.OpType}) has no attribute '{name}'.");
}
