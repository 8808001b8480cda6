using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using RpsVision.Core.Inference;
using ModelMetadata = RpsVision.Core.Inference.ModelMetadata;
using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Core.Export;

/// <summary>
/// Writes a TorchSharp image classifier as an ONNX model (TorchSharp has no exporter of its own) and proves
/// that ONNX Runtime computes the same probabilities as TorchSharp before the file appears at its path.
/// </summary>
/// <remarks>
/// The graph has one input ([batch, 3, S, S] float, named by <see cref="OnnxExportOptions.InputName"/>) and two
/// outputs: <see cref="ModelOutputs.Logits"/> and <see cref="ModelOutputs.Probabilities"/> (softmax over classes), both
/// [batch, classes]. Everything serving needs is written to <c>metadata_props</c> (see <see cref="ModelMetadata"/>).
/// </remarks>
public static class OnnxExporter
{
    /// <summary>
    /// Exports <paramref name="model"/> to <paramref name="path"/>: builds the graph in the model's execution
    /// order, writes it to a temporary file beside <paramref name="path"/>, runs <paramref name="verificationBatch"/>
    /// through ONNX Runtime and through TorchSharp in eval mode, and renames the file into place only when the
    /// probabilities agree within <see cref="OnnxExportOptions.MaxAbsDiff"/>. The model's training mode is restored.
    /// </summary>
    /// <param name="model">The classifier; its output must be [N, classes] logits.</param>
    /// <param name="metadata">What to record in the file; its label count must equal the number of classes.</param>
    /// <param name="path">Destination file; an existing file is replaced.</param>
    /// <param name="verificationBatch">Normalised float images [N, 3, S, S] (real ones), with S = <c>metadata.Preprocessing.InputSize</c>.</param>
    /// <param name="options">Export options; default <see cref="OnnxExportOptions"/>.</param>
    /// <exception cref="NotSupportedException">The model contains a layer the exporter does not translate; the message names it.</exception>
    /// <exception cref="OnnxParityException">ONNX Runtime and TorchSharp disagree; nothing was written at <paramref name="path"/>.</exception>
    public static OnnxExportResult Export(nn.Module<Tensor, Tensor> model, ModelMetadata metadata, string path,
        Tensor verificationBatch, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(verificationBatch);
        options ??= new OnnxExportOptions();
        options.Validate();
        metadata.Validate();
        int size = metadata.Preprocessing.InputSize;
        CheckBatch(verificationBatch, size);

        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporary = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            float[] expected = TorchProbabilities(model, verificationBatch, out long classes);
            if (classes != metadata.Labels.Count)
            {
                throw new ArgumentException(
                    $"The model has {classes} outputs but the metadata names {metadata.Labels.Count} labels ({string.Join(", ", metadata.Labels)}).",
                    nameof(metadata));
            }

            GraphProto graph = OnnxGraphBuilder.Build(model, options.InputName, 3, size, classes, options.FoldBatchNorm);
            ModelProto proto = CreateModel(graph, metadata, options.Opset);
            using (var file = File.Create(temporary))
            {
                proto.WriteTo(file);
            }

            float[] actual = OnnxProbabilities(temporary, options.InputName, verificationBatch);
            double maxAbsDiff = MaxAbsDiff(expected, actual);
            if (!(maxAbsDiff <= options.MaxAbsDiff))
            {
                throw new OnnxParityException(maxAbsDiff, options.MaxAbsDiff);
            }
            File.Move(temporary, fullPath, overwrite: true);
            return new OnnxExportResult(fullPath, maxAbsDiff, (int)verificationBatch.shape[0]);
        }
        finally
        {
            File.Delete(temporary); // no-op once moved
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// Replaces the <c>metadata_props</c> of an exported model file with <paramref name="metadata"/>'s properties,
    /// leaving the graph as it is (e.g. to record a score measured on the exported file). The file is replaced in one
    /// rename, so a server watching it never reads half a file.
    /// </summary>
    /// <param name="path">An ONNX file.</param>
    /// <param name="metadata">The new metadata (validated).</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model.</exception>
    public static void WriteMetadata(string path, ModelMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(metadata);
        var properties = metadata.ToProperties();
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Model file '{fullPath}' does not exist.", fullPath);
        }
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fullPath));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{fullPath}' is not an ONNX model: {e.Message}", e);
        }
        proto.MetadataProps.Clear();
        foreach (var (key, value) in properties)
        {
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        string temporary = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = File.Create(temporary))
            {
                proto.WriteTo(file);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void CheckBatch(Tensor batch, int size)
    {
        if (batch.dim() != 4 || batch.shape[0] < 1 || batch.shape[1] != 3 || batch.shape[2] != size || batch.shape[3] != size
            || batch.dtype != ScalarType.Float32)
        {
            throw new ArgumentException(
                $"The verification batch must be float32 [N >= 1, 3, {size}, {size}] (the metadata's input size), " +
                $"not {batch.dtype} [{string.Join(", ", batch.shape)}].", "verificationBatch");
        }
    }

    private static float[] TorchProbabilities(nn.Module<Tensor, Tensor> model, Tensor batch, out long classes)
    {
        using var noGrad = torch.no_grad();
        Device device = model.parameters().FirstOrDefault()?.device ?? torch.CPU;
        Tensor logits = model.forward(batch.to(device));
        if (logits.dim() != 2 || logits.shape[0] != batch.shape[0])
        {
            throw new NotSupportedException(
                $"The model's output is [{string.Join(", ", logits.shape)}]; the exporter needs [batch, classes] logits.");
        }
        classes = logits.shape[1];
        return logits.softmax(1).cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
    }

    private static float[] OnnxProbabilities(string modelPath, string inputName, Tensor batch)
    {
        float[] input = batch.detach().cpu().contiguous().data<float>().ToArray();
        using var session = new InferenceSession(modelPath);
        using var value = OrtValue.CreateTensorValueFromMemory(input, batch.shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [inputName], [value], [ModelOutputs.Probabilities]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static double MaxAbsDiff(float[] expected, float[] actual)
    {
        if (expected.Length != actual.Length)
        {
            return double.PositiveInfinity;
        }
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)expected[i] - actual[i]);
            max = double.IsNaN(diff) ? double.PositiveInfinity : Math.Max(max, diff);
        }
        return max;
    }

    private static ModelProto CreateModel(GraphProto graph, ModelMetadata metadata, int opset)
    {
        var model = new ModelProto
        {
            IrVersion = opset switch { <= 18 => 8, <= 20 => 9, _ => 10 },
            ProducerName = "RpsVision",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString(3) ?? "",
            Domain = "rpsvision",
            ModelVersion = long.TryParse(metadata.ModelVersion, out long version) ? version : 0,
            DocString = $"{metadata.ModelName}: classifies {string.Join(", ", metadata.Labels)}.",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        foreach (var (key, value) in metadata.ToProperties())
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        return model;
    }
}
