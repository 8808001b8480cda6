namespace RpsVision.Core.Inference;

/// <summary>The <c>metadata_props</c> keys of an exported model (see docs/SERVING.md, "The model file").</summary>
internal static class MetadataKeys
{
    public const string ModelName = "model_name";
    public const string ModelVersion = "model_version";
    public const string RunId = "run_id";
    public const string Labels = "labels";
    public const string InputSize = "input_size";
    public const string ChannelOrder = "channel_order";
    public const string Layout = "layout";
    public const string Mean = "mean";
    public const string Std = "std";
    public const string Resize = "resize";
    public const string Fit = "fit";
    public const string Background = "background";
    public const string DatasetDigests = "dataset_digests";
    public const string ValidationAccuracy = "validation_accuracy";
    public const string TestAccuracy = "test_accuracy";
    public const string RealPhotoAccuracy = "real_photo_accuracy";
    public const string RealPhotoSet = "real_photo_set";
    public const string CreatedAt = "created_at";
    public const string ParentRun = "parent_run";
    public const string ParentVersion = "parent_version";
    public const string TaughtPhotos = "taught_photos";

    /// <summary>Keys without which a model cannot be served.</summary>
    public static readonly IReadOnlyList<string> Required =
        [ModelName, RunId, Labels, InputSize, ChannelOrder, Layout, Mean, Std, Resize];

    /// <summary>Every key <see cref="ModelMetadata"/> writes itself.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        ModelName, ModelVersion, RunId, Labels, InputSize, ChannelOrder, Layout, Mean, Std, Resize, Fit, Background,
        DatasetDigests, ValidationAccuracy, TestAccuracy, RealPhotoAccuracy, RealPhotoSet, CreatedAt, ParentRun, ParentVersion, TaughtPhotos,
    };
}
