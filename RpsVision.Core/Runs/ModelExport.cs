using RpsVision.Core.Data;
using RpsVision.Core.Export;
using RpsVision.Core.Inference;
using RpsVision.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Core.Runs;

/// <summary>Exports a run's model to ONNX with its metadata, verified against TorchSharp.</summary>
internal static class ModelExport
{
    /// <summary>Images used to compare ONNX Runtime with TorchSharp.</summary>
    public const int VerificationImages = 64;

    // outputPath: the model file; runFolder: the run the weights come from, whose folder name is the model's run id;
    // amend: adds what a particular job knows to the metadata (e.g. the parent of a taught model).
    public static OnnxExportResult Export(string outputPath, string runFolder, Trainer trainer, DatasetCatalogue catalogue,
        double? validationAccuracy, double? testAccuracy, ImageTensorSet verification, Func<ModelMetadata, ModelMetadata>? amend = null)
    {
        string runId = Path.GetFileName(Path.GetFullPath(runFolder).TrimEnd(Path.DirectorySeparatorChar));
        var createdAt = DateTimeOffset.UtcNow;
        var metadata = new ModelMetadata
        {
            RunId = runId,
            // Each run's model has its own, increasing version, so a server that swaps models shows which one it serves.
            ModelVersion = RunFolder.VersionOf(runId, createdAt),
            CreatedAt = createdAt,
            Labels = RpsLabels.Names,
            Preprocessing = trainer.Preprocessing,
            DatasetDigests = new Dictionary<string, string> { ["train"] = catalogue.TrainDigest, ["test"] = catalogue.TestDigest },
            ValidationAccuracy = validationAccuracy,
            TestAccuracy = testAccuracy,
            Extra = new Dictionary<string, string> { ["seed"] = trainer.Options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        metadata = amend?.Invoke(metadata) ?? metadata;
        using var scope = NewDisposeScope();
        int count = Math.Min(VerificationImages, verification.Count);
        // The exporter compares on the CPU; the images are normalised exactly as in evaluation.
        using var normalizer = new TensorNormalizer(trainer.Preprocessing, CPU);
        Tensor batch = normalizer.Normalize(TensorNormalizer.ToUnit(verification.Images.narrow(0, 0, count).cpu()));
        var model = trainer.Model;
        bool onDevice = trainer.Device.type != DeviceType.CPU;
        if (onDevice)
        {
            model.cpu();
        }
        try
        {
            return OnnxExporter.Export(model, metadata, outputPath, batch);
        }
        finally
        {
            if (onDevice)
            {
                model.to(trainer.Device);
            }
        }
    }

    /// <summary>
    /// Evaluates the exported model file on real photos (the serving path) and records the score and the folder's
    /// name in the file's metadata.
    /// </summary>
    public static PhotoEvaluation RecordRealPhotos(string modelPath, LabeledImageFolder photos)
    {
        PhotoEvaluation result;
        ModelMetadata metadata;
        using (var classifier = new ImageClassifier(modelPath))
        {
            result = PhotoEvaluator.Evaluate(classifier, photos);
            metadata = classifier.Model.Metadata;
        }
        double? accuracy = double.IsFinite(result.Accuracy) ? result.Accuracy : null;
        OnnxExporter.WriteMetadata(modelPath, metadata with { RealPhotoAccuracy = accuracy, RealPhotoSet = accuracy is null ? null : photos.Name });
        return result;
    }
}
