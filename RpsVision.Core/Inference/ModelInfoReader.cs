using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RpsVision.Core.Inference;

/// <summary>Reads and checks what a loaded ONNX model says about itself.</summary>
internal static class ModelInfoReader
{
    /// <exception cref="InvalidModelException">Metadata is missing or wrong, or the graph's shapes do not match it.</exception>
    public static ModelInfo Read(InferenceSession session, string path)
    {
        IReadOnlyDictionary<string, string> properties = session.ModelMetadata.CustomMetadataMap;
        ModelMetadata metadata;
        try
        {
            metadata = ModelMetadata.FromProperties(properties);
        }
        catch (FormatException e)
        {
            throw new InvalidModelException(path, e.Message, e);
        }

        int size = metadata.Preprocessing.InputSize;
        if (session.InputMetadata.Count != 1)
        {
            throw new InvalidModelException(path, $"it has {session.InputMetadata.Count} inputs; one image input is needed.");
        }
        var (inputName, input) = session.InputMetadata.First();
        if (!input.IsTensor || input.ElementDataType != TensorElementType.Float || !Matches(input.Dimensions, -1, 3, size, size))
        {
            throw new InvalidModelException(path,
                $"its input '{inputName}' is {input.ElementDataType} [{string.Join(", ", input.Dimensions)}]; " +
                $"float [batch, 3, {size}, {size}] is needed (input size {size} from its metadata).");
        }
        if (!session.OutputMetadata.TryGetValue(ModelOutputs.Probabilities, out NodeMetadata? output)
            || output.ElementDataType != TensorElementType.Float
            || !Matches(output.Dimensions, -1, metadata.Labels.Count))
        {
            throw new InvalidModelException(path,
                $"it needs a float output '{ModelOutputs.Probabilities}' of shape [batch, {metadata.Labels.Count}] " +
                $"(one per label: {string.Join(", ", metadata.Labels)}).");
        }

        return new ModelInfo
        {
            Path = path,
            Metadata = metadata,
            InputName = inputName,
            OutputNames = session.OutputNames.ToArray(),
            Properties = new Dictionary<string, string>(properties),
        };
    }

    /// <summary>Whether the dimensions equal <paramref name="expected"/>; -1 (symbolic) matches only -1.</summary>
    private static bool Matches(int[] dimensions, params int[] expected) => dimensions.AsSpan().SequenceEqual(expected);
}
