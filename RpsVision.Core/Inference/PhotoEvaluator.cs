using RpsVision.Core.Data;
using RpsVision.Core.Preprocessing;

namespace RpsVision.Core.Inference;

/// <summary>
/// Evaluates an exported model on a folder of labelled real photos through exactly the serving path: the ONNX
/// model in an <see cref="ImageClassifier"/>, with the model's own eval preprocessing, on photos of any size and
/// aspect ratio. Uses no TorchSharp.
/// </summary>
public static class PhotoEvaluator
{
    /// <summary>Reads <paramref name="folder"/> (see <see cref="LabeledImageFolder.Read"/>) and evaluates the model file on it.</summary>
    /// <param name="modelPath">An ONNX file written by the exporter.</param>
    /// <param name="folder">A folder laid out <c>&lt;label&gt;/*.png|jpg|jpeg</c>.</param>
    /// <param name="options">Classifier settings; its <see cref="ClassifierOptions.Limits"/> also decide which photos are skipped.</param>
    /// <exception cref="FileNotFoundException">There is no model file.</exception>
    /// <exception cref="InvalidModelException">The model cannot be served.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder cannot be used (see <see cref="LabeledImageFolder.Read"/>), or
    /// it holds a label the model does not have.</exception>
    public static PhotoEvaluation Evaluate(string modelPath, string folder, ClassifierOptions? options = null)
    {
        options ??= new ClassifierOptions();
        var photos = LabeledImageFolder.Read(folder, options.Limits);
        using var classifier = new ImageClassifier(modelPath, options);
        return Evaluate(classifier, photos);
    }

    /// <summary>Evaluates a loaded classifier on a folder already read.</summary>
    /// <param name="classifier">The model.</param>
    /// <param name="folder">The photos.</param>
    /// <exception cref="InvalidDataException">The folder holds a label the model does not have.</exception>
    public static PhotoEvaluation Evaluate(ImageClassifier classifier, LabeledImageFolder folder)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(folder);
        var labels = classifier.Model.Labels;
        var predictions = new List<PhotoPrediction>(folder.Images.Count);
        var skipped = new List<SkippedFile>(folder.Skipped);
        foreach (var image in folder.Images)
        {
            int label = IndexOf(labels, image.LabelName, folder.Root);
            try
            {
                var prediction = classifier.Classify(File.ReadAllBytes(image.Path));
                predictions.Add(new PhotoPrediction(image.RelativePath, image.Path, label, prediction.Index, prediction.Confidence));
            }
            catch (Exception e) when (e is InvalidImageException or IOException or UnauthorizedAccessException)
            {
                // The folder was checked when read; a file changed or removed since is left out like any unreadable one.
                skipped.Add(new SkippedFile(image.RelativePath, e.Message));
            }
        }
        return new PhotoEvaluation
        {
            FolderName = folder.Name,
            FolderPath = folder.Root,
            Digest = folder.Digest,
            ModelPath = classifier.Model.Path,
            Labels = labels,
            Predictions = predictions,
            Skipped = skipped,
        };
    }

    private static int IndexOf(IReadOnlyList<string> labels, string name, string root)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        throw new InvalidDataException($"Image folder '{root}' has label '{name}', which the model does not have (its labels: {string.Join(", ", labels)}).");
    }
}
