using RpsVision.Core.Modeling;

namespace RpsVision.Training.Benchmarks;

/// <summary>Options of <see cref="InferenceBenchmark"/> (the <c>bench inference</c> command).</summary>
internal sealed record InferenceBenchmarkOptions
{
    /// <summary>
    /// Model to measure. Default: none, a network of <see cref="Architecture"/> with random weights is exported to a
    /// temporary file; the cost of inference does not depend on the weights' values.
    /// </summary>
    public string? ModelPath { get; init; }

    /// <summary>Architecture of the random model when <see cref="ModelPath"/> is not given. Default: the training job's, ResNet18.</summary>
    public ModelArchitecture Architecture { get; init; } = ModelArchitecture.ResNet18;

    /// <summary>
    /// Input size of the random model when <see cref="ModelPath"/> is not given. Default 0: the training job's default
    /// for the architecture (ResNet18 96, RpsNet 28); allowed 8 to 1024, for ResNet18 a multiple of 32.
    /// </summary>
    public int InputSize { get; init; }

    /// <summary>The input size of the random model: <see cref="InputSize"/>, or the architecture's default.</summary>
    public int ResolvedInputSize => InputSize > 0 ? InputSize : Architecture == ModelArchitecture.ResNet18 ? 96 : 28;

    /// <summary>
    /// Folder searched (recursively) for the PNG photos used as inputs; each is also stretched to
    /// <see cref="ImageSide"/> square and re-encoded as PNG. Default "../shared/data/photos".
    /// </summary>
    public string PhotosDirectory { get; init; } = Path.Combine("..", "shared", "data", "photos");

    /// <summary>Side of the square PNGs measured. Default 300 (the TFDS originals' size); allowed 8 to 4096.</summary>
    public int ImageSide { get; init; } = 300;

    /// <summary>Batch sizes measured for batched inference. Default 8 and 32; each 1 to 1024.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [8, 32];

    /// <summary>Seconds each measurement runs (after a warm-up of a quarter of that). Default 3; allowed (0, 600].</summary>
    public double SecondsPerMeasurement { get; init; } = 3;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value when an option is out of range.</summary>
    public void Validate()
    {
        if (InputSize != 0 && (InputSize is < 8 or > 1024 || (Architecture == ModelArchitecture.ResNet18 && !ResNet18.IsValidInputSize(InputSize))))
        {
            throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize,
                "InputSize (--image-size) must be between 8 and 1024, for --architecture resnet18 a multiple of 32.");
        }
        if (ImageSide is < 8 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(ImageSide), ImageSide, "ImageSide must be between 8 and 4096.");
        }
        if (BatchSizes.Count == 0 || BatchSizes.Any(b => b is < 1 or > 1024))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSizes), string.Join(",", BatchSizes), "BatchSizes needs at least one size, each 1 to 1024.");
        }
        if (!(SecondsPerMeasurement is > 0 and <= 600))
        {
            throw new ArgumentOutOfRangeException(nameof(SecondsPerMeasurement), SecondsPerMeasurement, "SecondsPerMeasurement (--seconds) must be in (0, 600].");
        }
        if (!Directory.Exists(PhotosDirectory))
        {
            throw new DirectoryNotFoundException($"--photos '{PhotosDirectory}' does not exist (a folder of PNG photos is needed).");
        }
    }
}
