using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Cartoon.Cli.Models;

/// <summary>
/// Rewrites a float32 ONNX graph to compute in float16 while its inputs and outputs stay float32, like
/// onnxconverter-common's <c>convert_float_to_float16(keep_io_types=True)</c>:
/// <list type="bullet">
/// <item>float32 initializers become float16; a Cast of a float16 initializer to float32 (how the DCT-Net files store
/// their weights) is removed, so the weights are read as stored;</item>
/// <item>Cast nodes to float32 now cast to float16; ConstantOfShape / Constant values become float16;</item>
/// <item>a Cast to float16 follows each float32 graph input and one to float32 precedes each float32 graph output,
/// so callers keep float32 buffers;</item>
/// <item>inputs that an op only takes as float32 (Resize roi/scales) stay float32;</item>
/// <item>nodes named in <c>keepFloat32</c> compute in float32, with Casts only where precision changes between
/// a producer and a consumer (a run of kept nodes is not split by Cast pairs).</item>
/// </list>
/// </summary>
internal static class Fp16Converter
{
    /// <summary>Input slots that must stay float32 in a float16 graph (per ONNX type constraints), by op.</summary>
    private static readonly Dictionary<string, int[]> Float32Inputs = new(StringComparer.Ordinal)
    {
        // Resize (opset 11+): roi is T2 (ORT's kernels take float), scales is tensor(float) only.
        ["Resize"] = [1, 2],
        ["Upsample"] = [1],
    };

    public static Fp16ConversionReport Convert(ModelProto model, IReadOnlySet<string> keepFloat32)
    {
        var graph = model.Graph;
        RejectUnsupported(model, keepFloat32);
        var original = ElementTypes.Infer(graph);
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);

        // Tensors that carried float32 values in the original graph: the ones whose precision this pass decides.
        bool IsFloatValue(string name) => original.TryGetValue(name, out var t) && t == DataType.Float;

        var weightAliases = WeightCasts(graph, initializers, graphOutputs);
        string Resolve(string name) => weightAliases.GetValueOrDefault(name, name);

        var nodes = graph.Node.Where(n => !(n.OpType == "Cast" && weightAliases.ContainsKey(n.Output[0]))).ToList();
        bool Kept(NodeProto node) => keepFloat32.Contains(node.Name);

        // What each float tensor holds after conversion.
        var current = new Dictionary<string, DataType>(StringComparer.Ordinal);
        foreach (var input in graph.Input.Where(i => IsFloatValue(i.Name)))
            current[input.Name] = DataType.Float;
        foreach (var target in weightAliases.Values)
            current[target] = DataType.Float16;
        var convertedInitializers = ConvertInitializers(graph, nodes, current, IsFloatValue, Kept, out var clamped);

        // Graph outputs computed in float16 get a new internal name; a final Cast writes the float32 output.
        var outputRenames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in nodes.Where(n => !Kept(n)))
            foreach (var output in node.Output.Where(o => graphOutputs.Contains(o) && IsFloatValue(o)))
                outputRenames[output] = output + "_fp16";

        var rewritten = new List<NodeProto>(nodes.Count + 8);
        var casts = new Dictionary<(string, DataType), string>();
        var castsInserted = 0;
        foreach (var node in nodes)
        {
            var kept = Kept(node);
            for (var i = 0; i < node.Input.Count; i++)
            {
                var name = node.Input[i];
                if (name.Length == 0 || !IsFloatValue(name))
                    continue;
                var source = outputRenames.GetValueOrDefault(Resolve(name), Resolve(name));
                var wanted = kept || IsFloat32Input(node.OpType, i) ? DataType.Float : DataType.Float16;
                if (current[source] != wanted)
                {
                    if (!casts.TryGetValue((source, wanted), out var cast))
                    {
                        cast = $"{source}_as_{(wanted == DataType.Float ? "fp32" : "fp16")}";
                        casts[(source, wanted)] = cast;
                        current[cast] = wanted;
                        rewritten.Add(OnnxNodes.Cast(source, cast, wanted));
                        castsInserted++;
                    }
                    source = cast;
                }
                node.Input[i] = source;
            }
            if (!kept)
                ToHalfNode(node, ref clamped);
            for (var o = 0; o < node.Output.Count; o++)
            {
                var name = node.Output[o];
                if (!IsFloatValue(name))
                    continue;
                if (outputRenames.TryGetValue(name, out var renamed))
                    node.Output[o] = renamed;
                current[node.Output[o]] = kept ? DataType.Float : DataType.Float16;
            }
            rewritten.Add(node);
        }
        foreach (var (output, renamed) in outputRenames)
        {
            rewritten.Add(OnnxNodes.Cast(renamed, output, DataType.Float));
            castsInserted++;
        }

        graph.Node.Clear();
        graph.Node.AddRange(rewritten);
        UpdateValueInfo(graph, current, weightAliases);
        return new Fp16ConversionReport(convertedInitializers, weightAliases.Count, castsInserted,
            nodes.Count(Kept), clamped);
    }

    private static void RejectUnsupported(ModelProto model, IReadOnlySet<string> keepFloat32)
    {
        if (model.Graph.Node.SelectMany(n => n.Attribute).Any(a => a.G is not null || a.Graphs.Count > 0))
            throw new NotSupportedException("The graph has subgraphs (If/Loop/Scan); the fp16 converter handles flat graphs only.");
        if (model.Graph.Node.Any(n => n.OpType == "Cast" && (DataType)ElementTypes.Attribute(n, "to").I == DataType.Float16))
            throw new NotSupportedException("The graph already computes in float16 somewhere (a Cast to float16); convert its float32 source.");
        var unknown = keepFloat32.Except(model.Graph.Node.Select(n => n.Name)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"No node named {string.Join(", ", unknown)} in the graph (asked to keep them float32).", nameof(keepFloat32));
    }

    /// <summary>Cast(float16 initializer → float32) nodes: their output name maps to the initializer's.</summary>
    private static Dictionary<string, string> WeightCasts(GraphProto graph, Dictionary<string, TensorProto> initializers, HashSet<string> graphOutputs)
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in graph.Node.Where(n => n.OpType == "Cast"))
        {
            if ((DataType)ElementTypes.Attribute(node, "to").I == DataType.Float
                && initializers.TryGetValue(node.Input[0], out var weight) && weight.DataType() == DataType.Float16
                && !graphOutputs.Contains(node.Output[0]))
                aliases[node.Output[0]] = node.Input[0];
        }
        return aliases;
    }

    /// <summary>
    /// float32 initializers become float16 when every reader computes in float16. One read as float32 anywhere
    /// (a Resize scale, a kept node) keeps it float32: the float16 readers then get a Cast, which ORT folds at load.
    /// </summary>
    private static int ConvertInitializers(GraphProto graph, List<NodeProto> nodes, Dictionary<string, DataType> current,
        Func<string, bool> isFloatValue, Func<NodeProto, bool> kept, out int clamped)
    {
        clamped = 0;
        var readAsFloat32 = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
            for (var i = 0; i < node.Input.Count; i++)
                if (kept(node) || IsFloat32Input(node.OpType, i))
                    readAsFloat32.Add(node.Input[i]);

        var converted = 0;
        for (var i = 0; i < graph.Initializer.Count; i++)
        {
            var tensor = graph.Initializer[i];
            if (!isFloatValue(tensor.Name))
                continue;
            if (readAsFloat32.Contains(tensor.Name))
            {
                current[tensor.Name] = DataType.Float;
                continue;
            }
            graph.Initializer[i] = HalfTensors.ToHalf(tensor, ref clamped);
            current[tensor.Name] = DataType.Float16;
            converted++;
        }
        return converted;
    }

    /// <summary>Whether input <paramref name="input"/> of <paramref name="opType"/> must stay float32 in a float16 graph.</summary>
    public static bool IsFloat32Input(string opType, int input) =>
        Float32Inputs.TryGetValue(opType, out var slots) && slots.Contains(input);

    /// <summary>A node that now computes in float16: Casts to float32 cast to float16, float constants become float16.</summary>
    private static void ToHalfNode(NodeProto node, ref int clamped)
    {
        foreach (var attribute in node.Attribute)
        {
            if (node.OpType == "Cast" && attribute.Name == "to" && (DataType)attribute.I == DataType.Float)
                attribute.I = (long)DataType.Float16;
            else if (node.OpType is "ConstantOfShape" or "Constant" && attribute.Name == "value" && attribute.T.DataType() == DataType.Float)
                attribute.T = HalfTensors.ToHalf(attribute.T, ref clamped);
            else if (node.OpType == "Constant" && attribute.Name is "value_float" or "value_floats")
                throw new NotSupportedException($"Node {node.Name}: Constant {attribute.Name} is not converted; store the constant as a 'value' tensor.");
        }
        // ConstantOfShape without a value attribute yields float32 zeros: make the float16 zero explicit.
        if (node.OpType == "ConstantOfShape" && node.Attribute.All(a => a.Name != "value"))
        {
            var zero = new TensorProto { DataType = (int)DataType.Float, Name = "value" };
            zero.Dims.Add(1);
            zero.FloatData.Add(0f);
            node.Attribute.Add(new AttributeProto
            {
                Name = "value",
                Type = AttributeProto.Types.AttributeType.Tensor,
                T = HalfTensors.ToHalf(zero, ref clamped),
            });
        }
    }

    /// <summary>value_info entries follow their tensors' new types; the removed weight Casts' entries go.</summary>
    private static void UpdateValueInfo(GraphProto graph, Dictionary<string, DataType> current, Dictionary<string, string> weightAliases)
    {
        for (var i = graph.ValueInfo.Count - 1; i >= 0; i--)
        {
            var info = graph.ValueInfo[i];
            if (weightAliases.ContainsKey(info.Name))
                graph.ValueInfo.RemoveAt(i);
            else if (current.TryGetValue(info.Name, out var type) && info.Type?.TensorType is { } tensor)
                tensor.ElemType = (int)type;
        }
    }
}
