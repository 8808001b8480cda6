namespace RpsVision.Core.Training;

/// <summary>A model's predictions on one set of labelled images, with the usual summaries.</summary>
public sealed record EvaluationResult
{
    /// <summary>Mean cross-entropy (no label smoothing).</summary>
    public required double Loss { get; init; }

    /// <summary>True label of each image, in set order.</summary>
    public required IReadOnlyList<int> Labels { get; init; }

    /// <summary>Predicted label of each image, in set order.</summary>
    public required IReadOnlyList<int> Predictions { get; init; }

    /// <summary>Number of classes.</summary>
    public required int Classes { get; init; }

    /// <summary>Share of correct predictions, 0..1 (NaN for an empty set).</summary>
    public double Accuracy => Labels.Count == 0 ? double.NaN : (double)Labels.Where((l, i) => Predictions[i] == l).Count() / Labels.Count;

    /// <summary>Counts indexed [true label][predicted label].</summary>
    public int[][] ConfusionMatrix()
    {
        var matrix = Enumerable.Range(0, Classes).Select(_ => new int[Classes]).ToArray();
        for (int i = 0; i < Labels.Count; i++)
        {
            matrix[Labels[i]][Predictions[i]]++;
        }
        return matrix;
    }

    /// <summary>Per class: the share of predictions of that class that are right (NaN when never predicted).</summary>
    public double[] Precision()
    {
        var m = ConfusionMatrix();
        return Enumerable.Range(0, Classes).Select(c => Ratio(m[c][c], m.Sum(row => row[c]))).ToArray();
    }

    /// <summary>Per class: the share of its images predicted as that class (NaN when the class is absent).</summary>
    public double[] Recall()
    {
        var m = ConfusionMatrix();
        return Enumerable.Range(0, Classes).Select(c => Ratio(m[c][c], m[c].Sum())).ToArray();
    }

    /// <summary>Indices (in set order) of the misclassified images.</summary>
    public IReadOnlyList<int> Misclassified() =>
        Enumerable.Range(0, Labels.Count).Where(i => Labels[i] != Predictions[i]).ToArray();

    private static double Ratio(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;
}
