using RpsVision.Core.Data;

namespace RpsVision.Core.Inference;

/// <summary>
/// How an exported model did on a folder of labelled real photos (see <see cref="PhotoEvaluator"/>): accuracy,
/// per-class recall, the confusion matrix, the misclassified photos and the files left out.
/// </summary>
public sealed record PhotoEvaluation
{
    /// <summary>The folder's own name (e.g. <c>photos-dev</c>).</summary>
    public required string FolderName { get; init; }

    /// <summary>The folder's absolute path.</summary>
    public required string FolderPath { get; init; }

    /// <summary>The digest of the folder's usable images (<see cref="LabeledImageFolder.Digest"/>).</summary>
    public required string Digest { get; init; }

    /// <summary>The model file evaluated.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The model's labels in output order; every label index here indexes this list.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>One answer per evaluated photo, in the folder's order.</summary>
    public required IReadOnlyList<PhotoPrediction> Predictions { get; init; }

    /// <summary>Files of the folder left out (not images, unreadable, over the limits), with the reason.</summary>
    public required IReadOnlyList<SkippedFile> Skipped { get; init; }

    /// <summary>Share of photos predicted right, 0..1 (NaN when none was evaluated).</summary>
    public double Accuracy => Predictions.Count == 0 ? double.NaN : (double)Predictions.Count(p => p.IsCorrect) / Predictions.Count;

    /// <summary>Counts indexed [true label][predicted label].</summary>
    public int[][] ConfusionMatrix()
    {
        var matrix = Labels.Select(_ => new int[Labels.Count]).ToArray();
        foreach (var p in Predictions)
        {
            matrix[p.Label][p.Predicted]++;
        }
        return matrix;
    }

    /// <summary>Per label: the share of its photos predicted as that label (NaN when the folder has none of it).</summary>
    public double[] Recall()
    {
        var m = ConfusionMatrix();
        return m.Select((row, c) => row.Sum() == 0 ? double.NaN : (double)row[c] / row.Sum()).ToArray();
    }

    /// <summary>Number of evaluated photos of each label.</summary>
    public int[] Support() => ConfusionMatrix().Select(row => row.Sum()).ToArray();

    /// <summary>The photos predicted wrong, in the folder's order.</summary>
    public IReadOnlyList<PhotoPrediction> Misclassified() => Predictions.Where(p => !p.IsCorrect).ToArray();
}
