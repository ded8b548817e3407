using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Cartoon.Cli.Models;

/// <summary>
/// A float32 graph that rounds where the fp16 variant (<see cref="Fp16Converter"/>) stores float16: every float tensor a
/// float16 node reads, and every float tensor a float16 node writes, goes through a Cast to float16 and back. Each op
/// still computes in float32, as cuDNN's fp16 convolutions accumulate in float32; what it models is the float16 storage
/// of weights, constants and every intermediate tensor.
/// <para>Why not just run the fp16 file on CPU: ONNX Runtime's CPU EP has no fp16 kernels for most of this graph, wraps
/// each such node in Casts it marks precision-free, and then removes the fp32→fp16→fp32 pairs between neighbouring
/// nodes (RemoveDuplicateCastTransformer). The fp16 file then computes in float32 almost end to end on CPU: that proves
/// it is a valid graph but hides the rounding. The Casts added here are ordinary nodes, which ORT keeps.</para>
/// <para>Only for measuring quality without a GPU: never deploy it (it is slower than fp32).</para>
/// </summary>
internal static class Fp16Emulation
{
    public static void Apply(ModelProto model, IReadOnlySet<string> keepFloat32)
    {
        var graph = model.Graph;
        var types = ElementTypes.Infer(graph);
        bool IsFloat(string name) => types.TryGetValue(name, out var type) && type == DataType.Float;
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var weights = graph.Initializer.Where(t => t.DataType() == DataType.Float16).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        var nodes = new List<NodeProto>(graph.Node.Count * 3);
        var rounded = new Dictionary<string, string>(StringComparer.Ordinal);
        var writtenByHalfNode = new HashSet<string>(StringComparer.Ordinal);
        var renamedOutputs = new Dictionary<string, string>(StringComparer.Ordinal);

        string Rounded(string name)
        {
            if (!rounded.TryGetValue(name, out var copy))
            {
                copy = name + "_fp16_rounded";
                nodes.Add(OnnxNodes.Cast(name, name + "_as_fp16", DataType.Float16));
                nodes.Add(OnnxNodes.Cast(name + "_as_fp16", copy, DataType.Float));
                rounded[name] = copy;
            }
            return copy;
        }

        foreach (var node in graph.Node)
        {
            var kept = keepFloat32.Contains(node.Name);
            // A Cast of a float16 weight to float32 is exact: its output needs no rounding.
            var weightCast = node.OpType == "Cast" && weights.Contains(node.Input[0]);
            for (var i = 0; i < node.Input.Count; i++)
            {
                var name = node.Input[i];
                if (name.Length == 0 || !IsFloat(name))
                    continue;
                var source = renamedOutputs.GetValueOrDefault(name, name);
                // The variant hands a float32 reader the float16 tensor of a float16 writer, cast up: rounded too.
                var readsFloat32 = (kept || Fp16Converter.IsFloat32Input(node.OpType, i)) && !writtenByHalfNode.Contains(source);
                node.Input[i] = readsFloat32 ? source : Rounded(source);
            }
            nodes.Add(node);
            if (kept || weightCast)
                continue;
            for (var o = 0; o < node.Output.Count; o++)
            {
                var output = node.Output[o];
                if (!IsFloat(output))
                    continue;
                writtenByHalfNode.Add(output);
                if (!graphOutputs.Contains(output))
                    continue;
                // The variant's last Cast gives the graph output the float16 value: the rounded copy takes its name.
                var unrounded = output + "_unrounded";
                node.Output[o] = unrounded;
                renamedOutputs[output] = unrounded;
                writtenByHalfNode.Add(unrounded);
                nodes.Add(OnnxNodes.Cast(unrounded, unrounded + "_as_fp16", DataType.Float16));
                nodes.Add(OnnxNodes.Cast(unrounded + "_as_fp16", output, DataType.Float));
                rounded[unrounded] = output;
            }
        }
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
    }
}
