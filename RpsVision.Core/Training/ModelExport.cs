using RpsVision.Core.Data;

namespace RpsVision.Core.Training;

/// <summary>Exports a run's model to ONNX (wired to the Export feature once it is in).</summary>
internal static class ModelExport
{
    public static ExportSummary? Export(string folder, Trainer trainer, DatasetCatalogue catalogue,
        double? validationAccuracy, double? testAccuracy, ImageTensorSet verification) => null;
}
