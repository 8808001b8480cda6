using Microsoft.ML.OnnxRuntime;
using RpsVision.Core.Preprocessing;

namespace RpsVision.Core.Inference;

/// <summary>Options of <see cref="ImageClassifier"/>: ONNX Runtime session settings and input limits.</summary>
public sealed record ClassifierOptions
{
    /// <summary>
    /// Threads ONNX Runtime uses inside one operator. Default 0: ONNX Runtime's choice (one per physical core).
    /// Allowed 0 to 256. Set 1 when many requests run at once, so they do not compete for cores.
    /// </summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads used to run independent operators in parallel. Default 0: ONNX Runtime's choice. Allowed 0 to 256.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph optimisation level. Default <see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/>.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Limits checked on every image before it is decoded. Default <see cref="ImageLimits"/>' defaults.</summary>
    public ImageLimits Limits { get; init; } = new();

    /// <summary>Largest encoded image accepted, in bytes (streams are read up to this). Default 20 MiB; allowed 1 byte to 1 GiB.</summary>
    public long MaxEncodedBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>Most images sent to ONNX Runtime in one run; larger batches are split. Default 32; allowed 1 to 1024.</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value when an option is out of range.</summary>
    public void Validate()
    {
        if (IntraOpThreads is < 0 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be between 0 (ONNX Runtime's choice) and 256.");
        }
        if (InterOpThreads is < 0 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(InterOpThreads), InterOpThreads, "InterOpThreads must be between 0 (ONNX Runtime's choice) and 256.");
        }
        if (!Enum.IsDefined(GraphOptimizationLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(GraphOptimizationLevel), GraphOptimizationLevel,
                $"GraphOptimizationLevel must be one of: {string.Join(", ", Enum.GetNames<GraphOptimizationLevel>())}.");
        }
        ArgumentNullException.ThrowIfNull(Limits, nameof(Limits));
        Limits.Validate();
        if (MaxEncodedBytes is < 1 or > 1L << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEncodedBytes), MaxEncodedBytes, "MaxEncodedBytes must be between 1 and 1073741824 (1 GiB).");
        }
        if (MaxBatchSize is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "MaxBatchSize must be between 1 and 1024.");
        }
    }

    /// <summary>The ONNX Runtime session options these settings describe.</summary>
    internal SessionOptions CreateSessionOptions()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = InterOpThreads,
            GraphOptimizationLevel = GraphOptimizationLevel,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        return options;
    }
}
