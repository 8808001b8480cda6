using RpsVision.Core.Preprocessing;

namespace RpsVision.Core.Inference;

/// <summary>What a loaded model says about itself (read from its ONNX metadata and graph).</summary>
public sealed record ModelInfo
{
    /// <summary>The model file.</summary>
    public required string Path { get; init; }

    /// <summary>The metadata written at export.</summary>
    public required ModelMetadata Metadata { get; init; }

    /// <summary>Name of the graph's image input ([batch, 3, S, S] float).</summary>
    public required string InputName { get; init; }

    /// <summary>Names of the graph's outputs ("logits", "probabilities").</summary>
    public required IReadOnlyList<string> OutputNames { get; init; }

    /// <summary>Every <c>metadata_props</c> entry of the file, as written.</summary>
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    /// <summary>The model's name.</summary>
    public string Name => Metadata.ModelName;

    /// <summary>The model's version.</summary>
    public string Version => Metadata.ModelVersion;

    /// <summary>Accuracy on real photos measured by the run that made the model, 0..1; null when not measured.</summary>
    public double? RealPhotoAccuracy => Metadata.RealPhotoAccuracy;

    /// <summary>Name of the real-photo folder <see cref="RealPhotoAccuracy"/> was measured on; null when not measured.</summary>
    public string? RealPhotoSet => Metadata.RealPhotoSet;

    /// <summary>Version of the model this one was taught from (<c>teach</c>); null for a model trained by a full run.</summary>
    public string? ParentVersion => Metadata.ParentVersion;

    /// <summary>Class labels in output order.</summary>
    public IReadOnlyList<string> Labels => Metadata.Labels;

    /// <summary>Side of the square input, in pixels.</summary>
    public int InputSize => Metadata.Preprocessing.InputSize;

    /// <summary>The preprocessing the model was trained with, applied to every image.</summary>
    public PreprocessingOptions Preprocessing => Metadata.Preprocessing;
}
