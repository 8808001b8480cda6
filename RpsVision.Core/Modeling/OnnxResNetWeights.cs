using System.Runtime.InteropServices;
using Onnx;

namespace RpsVision.Core.Modeling;

/// <summary>
/// Reads and checks the weights of a CNTK-exported ResNet ONNX graph against the convolution units of a
/// <see cref="ResNet18"/>: each Conv node, in graph order, must match the next unit in kernel shape, stride
/// and padding, and be followed by a BatchNormalization of matching width.
/// </summary>
internal static class OnnxResNetWeights
{
    /// <summary>Initializers per unit: the convolution weight, then the batch norm's scale, shift, mean and variance.</summary>
    private const int InitializersPerUnit = 5;

    /// <summary>Reads everything <paramref name="units"/> need, in their order; throws before returning anything when the graph differs.</summary>
    /// <exception cref="InvalidDataException">The graph does not match; the message names <paramref name="path"/> and the difference.</exception>
    public static IReadOnlyList<UnitWeights> Read(GraphProto graph, IReadOnlyList<ConvBatchNorm> units, string path)
    {
        int expectedInitializers = units.Count * InitializersPerUnit;
        if (graph.Initializer.Count != expectedInitializers)
        {
            throw Mismatch(path, $"it has {graph.Initializer.Count} initializers where ResNet18 has {expectedInitializers}");
        }
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var convs = graph.Node.Where(n => n.OpType == "Conv").ToList();
        if (convs.Count != units.Count)
        {
            throw Mismatch(path, $"it has {convs.Count} Conv nodes where ResNet18 has {units.Count}");
        }
        var batchNormsByInput = graph.Node.Where(n => n.OpType == "BatchNormalization" && n.Input.Count == 5)
            .GroupBy(n => n.Input[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var weights = new List<UnitWeights>(units.Count);
        for (int i = 0; i < units.Count; i++)
        {
            string where = $"Conv node {i + 1} ('{convs[i].Name}')";
            weights.Add(ReadUnit(convs[i], units[i], batchNormsByInput, initializers, path, where));
        }
        return weights;
    }

    private static UnitWeights ReadUnit(NodeProto conv, ConvBatchNorm unit, Dictionary<string, NodeProto> batchNormsByInput,
        Dictionary<string, TensorProto> initializers, string path, string where)
    {
        long[] stride = unit.Conv.stride ?? [1, 1];
        CheckAttribute(conv, "strides", stride, [1, 1], path, where);
        CheckAttribute(conv, "pads", unit.Padding.ToOnnx(), [0, 0, 0, 0], path, where);
        CheckAttribute(conv, "dilations", [1, 1], [1, 1], path, where);
        CheckAttribute(conv, "group", [1], [1], path, where);
        if (conv.Input.Count != 2)
        {
            throw Mismatch(path, $"{where} has {conv.Input.Count} inputs where ResNet18's bias-free convolution has 2");
        }
        float[] convWeight = ReadFloats(conv.Input[1], unit.Conv.weight!.shape, initializers, path, where);

        if (!batchNormsByInput.TryGetValue(conv.Output[0], out var bn))
        {
            throw Mismatch(path, $"{where} is not followed by a BatchNormalization");
        }
        long[] channels = [unit.Conv.weight.shape[0]];
        string bnWhere = $"the BatchNormalization after {where}";
        var epsilon = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon");
        return new UnitWeights(
            convWeight,
            ReadFloats(bn.Input[1], channels, initializers, path, bnWhere),
            ReadFloats(bn.Input[2], channels, initializers, path, bnWhere),
            ReadFloats(bn.Input[3], channels, initializers, path, bnWhere),
            ReadFloats(bn.Input[4], channels, initializers, path, bnWhere),
            epsilon?.F ?? 1e-5f); // ONNX's default epsilon
    }

    private static void CheckAttribute(NodeProto node, string name, long[] expected, long[] absent, string path, string where)
    {
        var attribute = node.Attribute.FirstOrDefault(a => a.Name == name);
        long[] actual = attribute is null ? absent : attribute.Ints.Count > 0 ? [.. attribute.Ints] : [attribute.I];
        if (!actual.SequenceEqual(expected))
        {
            throw Mismatch(path, $"{where} has {name} [{string.Join(", ", actual)}] where ResNet18 has [{string.Join(", ", expected)}]");
        }
    }

    private static float[] ReadFloats(string name, long[] shape, Dictionary<string, TensorProto> initializers, string path, string where)
    {
        if (!initializers.TryGetValue(name, out var tensor))
        {
            throw Mismatch(path, $"{where} reads '{name}', which is not an initializer");
        }
        if (!tensor.Dims.SequenceEqual(shape))
        {
            throw Mismatch(path, $"{where} has '{name}' of shape [{string.Join(", ", tensor.Dims)}] where ResNet18 has [{string.Join(", ", shape)}]");
        }
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw Mismatch(path, $"{where} has '{name}' of ONNX data type {tensor.DataType} where ResNet18 needs float (1)");
        }
        // Exporters store floats either packed in raw_data (little-endian) or in the repeated float_data field.
        float[] values = tensor.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : [.. tensor.FloatData];
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (values.Length != count)
        {
            throw Mismatch(path, $"{where} has '{name}' with {values.Length} values where its shape needs {count}");
        }
        return values;
    }

    private static InvalidDataException Mismatch(string path, string difference) =>
        new($"'{path}' is not the ImageNet ResNet18 graph: {difference}.");

    /// <summary>One convolution's weight [out, in, k, k] and its batch norm's per-channel values, as stored in the file.</summary>
    internal sealed record UnitWeights(float[] ConvWeight, float[] Scale, float[] Shift, float[] Mean, float[] Variance, double Epsilon);
}
