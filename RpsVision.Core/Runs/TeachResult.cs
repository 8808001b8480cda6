namespace RpsVision.Core.Runs;

/// <summary>What a <c>teach</c> job did and measured.</summary>
public sealed record TeachResult
{
    /// <summary>The new run folder (<c>latest</c> points at it).</summary>
    public required string RunFolder { get; init; }

    /// <summary>The parent run's folder.</summary>
    public required string ParentRun { get; init; }

    /// <summary>The parent model's version.</summary>
    public required string ParentVersion { get; init; }

    /// <summary>The taught model's version.</summary>
    public required string Version { get; init; }

    /// <summary>Optimisation steps taken.</summary>
    public required int Steps { get; init; }

    /// <summary>Seconds the steps took.</summary>
    public required double TeachSeconds { get; init; }

    /// <summary>Seconds the whole job took.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Photos taught, by label name (labels without photos: 0).</summary>
    public required IReadOnlyDictionary<string, int> PhotosPerLabel { get; init; }

    /// <summary>Files of the photo folder left out (unreadable, too large, not an image).</summary>
    public required int SkippedPhotos { get; init; }

    /// <summary>The parent's accuracy on the data set's test split.</summary>
    public required double TestAccuracyBefore { get; init; }

    /// <summary>The taught model's accuracy on the data set's test split.</summary>
    public required double TestAccuracyAfter { get; init; }

    /// <summary>The taught model's accuracy on <see cref="TeachPipelineOptions.RealPhotosDir"/>; null without it.</summary>
    public double? RealPhotoAccuracy { get; init; }

    /// <summary>Largest |ONNX Runtime − TorchSharp| of the export's check.</summary>
    public required double OnnxMaxAbsDiff { get; init; }

    /// <summary>The device that taught (e.g. <c>cpu</c>).</summary>
    public required string Device { get; init; }
}
