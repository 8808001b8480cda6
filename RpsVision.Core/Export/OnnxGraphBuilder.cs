using Google.Protobuf;
using Onnx;
using RpsVision.Core.Inference;
using RpsVision.Core.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RpsVision.Core.Export;

/// <summary>
/// Translates a TorchSharp module, layer by layer in execution order, into an ONNX graph whose output
/// "logits" is the module's output and "probabilities" its softmax over classes.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>Layer types the exporter knows, for error messages.</summary>
    public static readonly IReadOnlyList<string> SupportedLayers =
    [
        nameof(Sequential), nameof(RpsNet), nameof(ResNet18), nameof(Conv2d), nameof(BatchNorm2d), nameof(ReLU), nameof(ReLU6),
        nameof(LeakyReLU), nameof(Sigmoid), nameof(Tanh), nameof(SiLU), nameof(Hardswish), nameof(MaxPool2d),
        nameof(AvgPool2d), "AdaptiveAvgPool2d(1)", "Flatten(1, -1)", nameof(Linear), nameof(Dropout),
        nameof(Dropout2d), nameof(Identity),
    ];

    private readonly GraphProto graph = new() { Name = "rps_graph" };
    private readonly bool foldBatchNorm;
    private string current;
    private int rank = 4;

    private OnnxGraphBuilder(string inputName, bool foldBatchNorm)
    {
        current = inputName;
        this.foldBatchNorm = foldBatchNorm;
    }

    /// <summary>Builds the graph for <paramref name="model"/> taking [batch, channels, size, size] float input.</summary>
    /// <exception cref="NotSupportedException">A layer has a type or setting the exporter does not translate; the message names it.</exception>
    public static GraphProto Build(nn.Module<Tensor, Tensor> model, string inputName, long channels, long size, long classes, bool foldBatchNorm)
    {
        var builder = new OnnxGraphBuilder(inputName, foldBatchNorm);
        var layers = new List<(string Name, nn.Module Module)>();
        Flatten(model.GetName(), model, layers);
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            for (int i = 0; i < layers.Count; i++)
            {
                var next = i + 1 < layers.Count ? layers[i + 1].Module : null;
                if (builder.Emit(layers[i].Name, layers[i].Module, next))
                {
                    i++; // the next layer (a batch norm) was folded into this one
                }
            }
        }
        if (builder.rank != 2)
        {
            throw new NotSupportedException($"The model's output has rank {builder.rank}; the exporter needs [batch, classes] logits.");
        }
        builder.Finish(inputName, channels, size, classes);
        return builder.graph;
    }

    /// <summary>Lists the leaf layers in the order they run; containers are walked child by child.</summary>
    private static void Flatten(string name, nn.Module module, List<(string, nn.Module)> layers)
    {
        switch (module)
        {
            case Sequential sequential:
                foreach (var (childName, child) in sequential.named_children())
                {
                    Flatten($"{name}.{childName}", child, layers);
                }
                break;
            case RpsNet net:
                Flatten($"{name}.features", net.Features, layers);
                Flatten($"{name}.head", net.Head, layers);
                break;
            case ResNet18 resNet:
                // The stem and the residual blocks stay whole: a block is not a chain, the exporter emits its branches.
                foreach (var (childName, child) in resNet.Layers())
                {
                    Flatten($"{name}.{childName}", child, layers);
                }
                break;
            default:
                layers.Add((name, module));
                break;
        }
    }

    /// <summary>Emits one layer; returns true when it also consumed <paramref name="next"/>.</summary>
    private bool Emit(string name, nn.Module module, nn.Module? next)
    {
        switch (module)
        {
            case Conv2d conv:
                var bn = foldBatchNorm ? next as BatchNorm2d : null;
                EmitConv(name, conv, bn, EdgePadding.None);
                return bn is not null;
            case ResNetStem stem:
                EmitResNetStem(name, stem);
                return false;
            case ResNetBasicBlock block:
                EmitResNetBasicBlock(name, block);
                return false;
            case BatchNorm2d batchNorm:
                EmitBatchNorm(name, batchNorm);
                return false;
            case ReLU:
                Node(name, "Relu", [current]);
                return false;
            case ReLU6:
                Node(name, "Clip", [current, Scalar($"{name}.min", 0f), Scalar($"{name}.max", 6f)]);
                return false;
            case LeakyReLU leaky:
                Node(name, "LeakyRelu", [current], Float("alpha", (float)leaky.negative_slope));
                return false;
            case Sigmoid:
                Node(name, "Sigmoid", [current]);
                return false;
            case Tanh:
                Node(name, "Tanh", [current]);
                return false;
            case SiLU:
                string x = current;
                string sigmoid = Node($"{name}.sigmoid", "Sigmoid", [x]);
                Node(name, "Mul", [x, sigmoid]);
                return false;
            case Hardswish:
                Node(name, "HardSwish", [current]);
                return false;
            case MaxPool2d pool:
                EmitMaxPool(name, pool);
                return false;
            case AvgPool2d pool:
                EmitAvgPool(name, pool);
                return false;
            case AdaptiveAvgPool2d adaptive:
                if (adaptive.output_size is null || adaptive.output_size.Any(s => s != 1))
                {
                    throw Unsupported(name, module, $"output size ({Join(adaptive.output_size)}); only AdaptiveAvgPool2d(1) is exported");
                }
                RequireRank(name, module, 4);
                Node(name, "GlobalAveragePool", [current]);
                return false;
            case TorchSharp.Modules.Flatten flatten:
                EmitFlatten(name, flatten);
                return false;
            case Linear linear:
                EmitLinear(name, linear);
                return false;
            case Dropout or Dropout2d or Identity:
                return false; // identity in eval mode
            default:
                throw Unsupported(name, module, "type");
        }
    }

    /// <summary>Emits a convolution; <paramref name="extraPadding"/> is an explicit pad that ran before it, merged into its pads.</summary>
    private void EmitConv(string name, Conv2d conv, BatchNorm2d? bn, EdgePadding extraPadding)
    {
        RequireRank(name, conv, 4);
        if (conv.transposed || conv.padding_mode != PaddingModes.Zeros)
        {
            throw Unsupported(name, conv, $"setting (transposed={conv.transposed}, padding_mode={conv.padding_mode})");
        }
        long[] kernel = conv.kernel_size;
        long[] dilation = conv.dilation ?? [1, 1];
        long[] pads = conv.padding_type switch
        {
            Padding.Valid => [0, 0, 0, 0],
            Padding.Same => SamePads(kernel, dilation),
            _ when conv.padding is { Length: 2 } p => [p[0], p[1], p[0], p[1]],
            _ => [0, 0, 0, 0],
        };
        pads = [.. pads.Zip(extraPadding.ToOnnx(), (own, extra) => own + extra)];

        Tensor weight = conv.weight!.detach().cpu().to_type(ScalarType.Float64);
        Tensor? bias = conv.bias?.detach().cpu().to_type(ScalarType.Float64);
        if (bn is not null)
        {
            CheckBatchNorm(name, bn);
            var (scale, shift) = BatchNormAffine(bn);
            weight = weight * scale.view(-1, 1, 1, 1);
            bias = (bias is null ? shift : bias * scale + shift);
        }
        var inputs = new List<string> { current, Initializer($"{name}.weight", weight) };
        if (bias is not null)
        {
            inputs.Add(Initializer($"{name}.bias", bias));
        }
        Node(name, "Conv", inputs,
            Ints("kernel_shape", kernel), Ints("strides", conv.stride ?? [1, 1]), Ints("pads", pads),
            Ints("dilations", dilation), Int("group", conv.groups));
    }

    private void EmitConvBatchNorm(string name, ConvBatchNorm unit)
    {
        EmitConv($"{name}.conv", unit.Conv, foldBatchNorm ? unit.BatchNorm : null, unit.Padding);
        if (!foldBatchNorm)
        {
            EmitBatchNorm($"{name}.bn", unit.BatchNorm);
        }
    }

    private void EmitResNetStem(string name, ResNetStem stem)
    {
        RequireRank(name, stem, 4);
        EmitConvBatchNorm($"{name}.conv", stem.Conv);
        Node($"{name}.relu", "Relu", [current]);
        // ONNX MaxPool ignores padded cells, as the -inf padding of the TorchSharp stem does.
        Node($"{name}.pool", "MaxPool", [current],
            Ints("kernel_shape", [ResNetStem.PoolKernel, ResNetStem.PoolKernel]),
            Ints("strides", [ResNetStem.PoolStride, ResNetStem.PoolStride]),
            Ints("pads", ResNetStem.PoolPadding.ToOnnx()));
    }

    private void EmitResNetBasicBlock(string name, ResNetBasicBlock block)
    {
        RequireRank(name, block, 4);
        string input = current;
        EmitConvBatchNorm($"{name}.a", block.A);
        Node($"{name}.a.relu", "Relu", [current]);
        EmitConvBatchNorm($"{name}.b", block.B);
        string residual = current;
        string shortcut = input;
        if (block.Shortcut is not null)
        {
            current = input;
            EmitConvBatchNorm($"{name}.shortcut", block.Shortcut);
            shortcut = current;
        }
        Node($"{name}.add", "Add", [residual, shortcut]);
        Node($"{name}.relu", "Relu", [current]);
    }

    private static long[] SamePads(long[] kernel, long[] dilation)
    {
        // Like torch: the total padding d*(k-1) is split with the odd pixel at the end.
        long[] total = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)];
        return [total[0] / 2, total[1] / 2, total[0] - total[0] / 2, total[1] - total[1] / 2];
    }

    private void EmitBatchNorm(string name, BatchNorm2d bn)
    {
        RequireRank(name, bn, 4);
        CheckBatchNorm(name, bn);
        // Exported as the equivalent per-channel affine map, so that it also covers affine=false.
        var (scale, shift) = BatchNormAffine(bn);
        string x = current;
        string scaled = Node($"{name}.mul", "Mul", [x, Initializer($"{name}.scale", scale.view(-1, 1, 1))]);
        Node(name, "Add", [scaled, Initializer($"{name}.shift", shift.view(-1, 1, 1))]);
    }

    private static void CheckBatchNorm(string name, BatchNorm2d bn)
    {
        if (!bn.track_running_stats || bn.running_mean is null || bn.running_var is null)
        {
            throw Unsupported(name, bn, "setting track_running_stats=false (it normalises with batch statistics in eval mode)");
        }
    }

    /// <summary>Eval-mode batch norm as y = x * scale + shift per channel, computed in float64.</summary>
    private static (Tensor Scale, Tensor Shift) BatchNormAffine(BatchNorm2d bn)
    {
        Tensor mean = bn.running_mean!.detach().cpu().to_type(ScalarType.Float64);
        Tensor variance = bn.running_var!.detach().cpu().to_type(ScalarType.Float64);
        Tensor gamma = bn.weight?.detach().cpu().to_type(ScalarType.Float64) ?? torch.ones_like(mean);
        Tensor beta = bn.bias?.detach().cpu().to_type(ScalarType.Float64) ?? torch.zeros_like(mean);
        Tensor scale = gamma / torch.sqrt(variance + bn.eps);
        return (scale, beta - mean * scale);
    }

    private void EmitMaxPool(string name, MaxPool2d pool)
    {
        RequireRank(name, pool, 4);
        long[] kernel = pool.kernel_size;
        long[] padding = pool.padding ?? [0, 0];
        Node(name, "MaxPool", [current],
            Ints("kernel_shape", kernel), Ints("strides", pool.stride ?? kernel),
            Ints("pads", [padding[0], padding[1], padding[0], padding[1]]),
            Ints("dilations", pool.dilation ?? [1, 1]), Int("ceil_mode", pool.ceil_mode ? 1 : 0));
    }

    private void EmitAvgPool(string name, AvgPool2d pool)
    {
        RequireRank(name, pool, 4);
        if (pool.divisor_override is not null || pool.ceil_mode)
        {
            throw Unsupported(name, pool, $"setting (divisor_override={pool.divisor_override}, ceil_mode={pool.ceil_mode})");
        }
        long[] kernel = pool.kernel_size;
        long[] padding = pool.padding ?? [0, 0];
        Node(name, "AveragePool", [current],
            Ints("kernel_shape", kernel), Ints("strides", pool.stride ?? kernel),
            Ints("pads", [padding[0], padding[1], padding[0], padding[1]]),
            Int("count_include_pad", pool.count_include_pad ? 1 : 0));
    }

    private void EmitFlatten(string name, TorchSharp.Modules.Flatten flatten)
    {
        long end = flatten.end_dim < 0 ? flatten.end_dim + rank : flatten.end_dim;
        if (flatten.start_dim != 1 || end != rank - 1)
        {
            throw Unsupported(name, flatten, $"dimensions (start_dim={flatten.start_dim}, end_dim={flatten.end_dim}); only Flatten(1, -1) is exported");
        }
        Node(name, "Flatten", [current], Int("axis", 1));
        rank = 2;
    }

    private void EmitLinear(string name, Linear linear)
    {
        RequireRank(name, linear, 2);
        var inputs = new List<string> { current, Initializer($"{name}.weight", linear.weight!.detach()) };
        if (linear.bias is not null)
        {
            inputs.Add(Initializer($"{name}.bias", linear.bias.detach()));
        }
        Node(name, "Gemm", inputs, Int("transB", 1));
    }

    private void Finish(string inputName, long channels, long size, long classes)
    {
        // The last node writes "logits" directly; a model without nodes gets an Identity.
        if (graph.Node.Count == 0 || graph.Node[^1].Output[0] != current)
        {
            Node("logits", "Identity", [current]);
        }
        graph.Node[^1].Output[0] = ModelOutputs.Logits;
        Node("softmax", "Softmax", [ModelOutputs.Logits], Int("axis", 1));
        graph.Node[^1].Output[0] = ModelOutputs.Probabilities;

        graph.Input.Add(Value(inputName, "batch", channels, size, size));
        graph.Output.Add(Value(ModelOutputs.Logits, "batch", classes));
        graph.Output.Add(Value(ModelOutputs.Probabilities, "batch", classes));
    }

    private void RequireRank(string name, nn.Module module, int expected)
    {
        if (rank != expected)
        {
            throw Unsupported(name, module, $"position: it gets a rank-{rank} tensor where the exporter needs rank {expected}");
        }
    }

    private static NotSupportedException Unsupported(string name, nn.Module module, string what) =>
        new($"Cannot export layer '{name}' of type {module.GetType().Name}: unsupported {what}. " +
            $"Supported layers: {string.Join(", ", SupportedLayers)}.");

    private string Node(string name, string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { Name = name, OpType = opType, Output = { name } };
        node.Input.AddRange(inputs);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        current = name;
        return name;
    }

    private string Initializer(string name, Tensor tensor)
    {
        using Tensor values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
        float[] data = values.data<float>().ToArray();
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(values.shape);
        byte[] bytes = new byte[data.Length * sizeof(float)];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length); // ONNX raw data is little-endian, as is this machine
        proto.RawData = ByteString.CopyFrom(bytes);
        graph.Initializer.Add(proto);
        return name;
    }

    private string Scalar(string name, float value) => Initializer(name, torch.tensor(value));

    private static ValueInfoProto Value(string name, string batch, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        foreach (long d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static string Join(long[]? values) => values is null ? "null" : string.Join(", ", values);
}
