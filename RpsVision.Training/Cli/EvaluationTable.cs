using System.Globalization;
using System.Text;
using RpsVision.Core.Data;
using RpsVision.Core.Training;

namespace RpsVision.Training.Cli;

/// <summary>An evaluation as plain text: accuracy, the per-class table and the confusion matrix, as the run report shows them.</summary>
internal static class EvaluationTable
{
    public static string Format(EvaluationResult result, string setName)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{setName} accuracy {result.Accuracy:P2} on {result.Labels.Count} images (loss {result.Loss:F4})");
        text.AppendLine();
        int width = Math.Max(9, RpsLabels.Names.Max(n => n.Length) + 2);
        double[] precision = result.Precision(), recall = result.Recall();
        int[][] matrix = result.ConfusionMatrix();
        text.AppendLine(c, $"{"class".PadRight(width)}{"precision",10}{"recall",10}{"support",10}");
        for (int k = 0; k < result.Classes; k++)
        {
            text.AppendLine(c, $"{RpsLabels.NameOf(k).PadRight(width)}{precision[k],10:P1}{recall[k],10:P1}{matrix[k].Sum(),10}");
        }
        text.AppendLine();
        text.AppendLine("Confusion matrix (rows: true, columns: predicted)");
        text.Append(' ', width);
        foreach (string name in RpsLabels.Names)
        {
            text.Append(name.PadLeft(width));
        }
        text.AppendLine();
        for (int t = 0; t < result.Classes; t++)
        {
            text.Append(RpsLabels.NameOf(t).PadRight(width));
            foreach (int count in matrix[t])
            {
                text.Append(count.ToString(c).PadLeft(width));
            }
            text.AppendLine();
        }
        return text.ToString().TrimEnd();
    }
}
