using System.Globalization;
using System.Text.Json;
using RpsVision.Core.Preprocessing;

namespace RpsVision.Core.Inference;

/// <summary>
/// Everything serving needs to know about a model, written into the ONNX file's <c>metadata_props</c> by
/// the exporter (<c>Export/OnnxExporter</c>) and read back by the inference classifier: the file is self-describing.
/// </summary>
/// <remarks>This type holds no TorchSharp state, so the inference side can use it without libtorch.</remarks>
public sealed record ModelMetadata
{
    /// <summary>Name of the model. Default "rps-cnn".</summary>
    public string ModelName { get; init; } = "rps-cnn";

    /// <summary>Version of the model (free text, e.g. "1" or "2024-05-01"). Default "1".</summary>
    public string ModelVersion { get; init; } = "1";

    /// <summary>Id of the training run that produced the weights. Required; must not be empty.</summary>
    public required string RunId { get; init; }

    /// <summary>Class labels in the order of the model's outputs. Required; at least 2, distinct, non-empty.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>The preprocessing the model was trained with; serving applies exactly this. Required.</summary>
    public required PreprocessingOptions Preprocessing { get; init; }

    /// <summary>Digest of each data set split used (e.g. "train" → "sha256:…"). Default: empty.</summary>
    public IReadOnlyDictionary<string, string> DatasetDigests { get; init; } = new Dictionary<string, string>();

    /// <summary>Accuracy on the validation split, in [0, 1]. Default: none.</summary>
    public double? ValidationAccuracy { get; init; }

    /// <summary>Accuracy on the test split, in [0, 1]. Default: none.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>
    /// Accuracy on a folder of labelled real photos (see <see cref="RealPhotoSet"/>), in [0, 1], measured through the
    /// exported model by the run that made it. Default: none (not measured).
    /// </summary>
    public double? RealPhotoAccuracy { get; init; }

    /// <summary>Name of the real-photo folder <see cref="RealPhotoAccuracy"/> was measured on (e.g. <c>photos-dev</c>). Default: none.</summary>
    public string? RealPhotoSet { get; init; }

    /// <summary>
    /// Id of the run whose model this one was taught from (<c>teach</c>: a short fine-tune on a few photos); null for
    /// a model trained by a full run. Default: none.
    /// </summary>
    public string? ParentRunId { get; init; }

    /// <summary>Version of the model this one was taught from (see <see cref="ParentRunId"/>). Default: none.</summary>
    public string? ParentVersion { get; init; }

    /// <summary>Number of photos this model was taught with (see <see cref="ParentRunId"/>); at least 1. Default: none.</summary>
    public int? TaughtPhotos { get; init; }

    /// <summary>When the model was exported. Default: none (the exporter writes the current time).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>
    /// Further properties written as they are (e.g. training options). Default: empty. Keys must not be one of
    /// the keys this type writes itself.
    /// </summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad value when a field is missing or out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Preprocessing, nameof(Preprocessing));
        Preprocessing.Validate();
        if (string.IsNullOrWhiteSpace(ModelName))
        {
            throw new ArgumentException("ModelName must not be empty.", nameof(ModelName));
        }
        if (string.IsNullOrWhiteSpace(RunId))
        {
            throw new ArgumentException("RunId must not be empty.", nameof(RunId));
        }
        if (Labels is null || Labels.Count < 2 || Labels.Any(string.IsNullOrWhiteSpace)
            || Labels.Distinct(StringComparer.Ordinal).Count() != Labels.Count)
        {
            throw new ArgumentException(
                $"Labels must be at least 2 distinct, non-empty names (got [{string.Join(", ", Labels ?? [])}]).", nameof(Labels));
        }
        CheckAccuracy(ValidationAccuracy, nameof(ValidationAccuracy));
        CheckAccuracy(TestAccuracy, nameof(TestAccuracy));
        CheckAccuracy(RealPhotoAccuracy, nameof(RealPhotoAccuracy));
        if (TaughtPhotos is int taught && taught < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TaughtPhotos), taught, "TaughtPhotos must be at least 1.");
        }
        string? reserved = Extra.Keys.FirstOrDefault(MetadataKeys.All.Contains);
        if (reserved is not null)
        {
            throw new ArgumentException($"Extra key '{reserved}' is reserved (reserved keys: {string.Join(", ", MetadataKeys.All)}).", nameof(Extra));
        }
    }

    /// <summary>The properties written into the ONNX file's <c>metadata_props</c>, keyed as documented in docs/SERVING.md ("The model file").</summary>
    public IReadOnlyDictionary<string, string> ToProperties()
    {
        Validate();
        var p = new Dictionary<string, string>
        {
            [MetadataKeys.ModelName] = ModelName,
            [MetadataKeys.ModelVersion] = ModelVersion,
            [MetadataKeys.RunId] = RunId,
            [MetadataKeys.Labels] = JsonSerializer.Serialize(Labels),
            [MetadataKeys.InputSize] = Preprocessing.InputSize.ToString(CultureInfo.InvariantCulture),
            [MetadataKeys.ChannelOrder] = Preprocessing.ChannelOrder,
            [MetadataKeys.Layout] = Preprocessing.Layout,
            [MetadataKeys.Mean] = JsonSerializer.Serialize(Preprocessing.Mean),
            [MetadataKeys.Std] = JsonSerializer.Serialize(Preprocessing.Std),
            [MetadataKeys.Resize] = Preprocessing.Resize.ToString(),
            [MetadataKeys.Fit] = Preprocessing.Fit.ToString(),
            [MetadataKeys.Background] = Preprocessing.Background.ToString(CultureInfo.InvariantCulture),
            [MetadataKeys.DatasetDigests] = JsonSerializer.Serialize(DatasetDigests),
            [MetadataKeys.CreatedAt] = (CreatedAt ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture),
        };
        if (ValidationAccuracy is double validation)
        {
            p[MetadataKeys.ValidationAccuracy] = validation.ToString("R", CultureInfo.InvariantCulture);
        }
        if (TestAccuracy is double test)
        {
            p[MetadataKeys.TestAccuracy] = test.ToString("R", CultureInfo.InvariantCulture);
        }
        if (RealPhotoAccuracy is double realPhotos)
        {
            p[MetadataKeys.RealPhotoAccuracy] = realPhotos.ToString("R", CultureInfo.InvariantCulture);
        }
        if (!string.IsNullOrEmpty(RealPhotoSet))
        {
            p[MetadataKeys.RealPhotoSet] = RealPhotoSet;
        }
        if (!string.IsNullOrEmpty(ParentRunId))
        {
            p[MetadataKeys.ParentRun] = ParentRunId;
        }
        if (!string.IsNullOrEmpty(ParentVersion))
        {
            p[MetadataKeys.ParentVersion] = ParentVersion;
        }
        if (TaughtPhotos is int photos)
        {
            p[MetadataKeys.TaughtPhotos] = photos.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in Extra)
        {
            p[key] = value;
        }
        return p;
    }

    /// <summary>Reads metadata back from a model's <c>metadata_props</c>.</summary>
    /// <exception cref="FormatException">A required property is missing or a value cannot be parsed; the message names the key.</exception>
    public static ModelMetadata FromProperties(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        string channelOrder = Required(properties, MetadataKeys.ChannelOrder);
        string layout = Required(properties, MetadataKeys.Layout);
        if (channelOrder != "RGB" || layout != "NCHW")
        {
            throw new FormatException($"Only RGB channel order and NCHW layout are supported (the model says {channelOrder}, {layout}).");
        }
        var preprocessing = new PreprocessingOptions
        {
            InputSize = Parse(properties, MetadataKeys.InputSize, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)),
            Mean = Parse(properties, MetadataKeys.Mean, s => JsonSerializer.Deserialize<float[]>(s)!),
            Std = Parse(properties, MetadataKeys.Std, s => JsonSerializer.Deserialize<float[]>(s)!),
            Resize = Parse(properties, MetadataKeys.Resize, s => Enum.Parse<ResizeMethod>(s, ignoreCase: false)),
            // Models written before the fit was recorded were trained and served stretched.
            Fit = properties.ContainsKey(MetadataKeys.Fit)
                ? Parse(properties, MetadataKeys.Fit, s => Enum.Parse<SquareFit>(s, ignoreCase: false))
                : SquareFit.Stretch,
            Background = properties.ContainsKey(MetadataKeys.Background)
                ? Parse(properties, MetadataKeys.Background, s => byte.Parse(s, CultureInfo.InvariantCulture))
                : (byte)255,
        };
        var metadata = new ModelMetadata
        {
            ModelName = Required(properties, MetadataKeys.ModelName),
            ModelVersion = properties.GetValueOrDefault(MetadataKeys.ModelVersion, ""),
            RunId = Required(properties, MetadataKeys.RunId),
            Labels = Parse(properties, MetadataKeys.Labels, s => JsonSerializer.Deserialize<string[]>(s)!),
            Preprocessing = preprocessing,
            DatasetDigests = properties.ContainsKey(MetadataKeys.DatasetDigests)
                ? Parse(properties, MetadataKeys.DatasetDigests, s => JsonSerializer.Deserialize<Dictionary<string, string>>(s)!)
                : new Dictionary<string, string>(),
            ValidationAccuracy = Optional(properties, MetadataKeys.ValidationAccuracy),
            TestAccuracy = Optional(properties, MetadataKeys.TestAccuracy),
            RealPhotoAccuracy = Optional(properties, MetadataKeys.RealPhotoAccuracy),
            RealPhotoSet = properties.GetValueOrDefault(MetadataKeys.RealPhotoSet),
            ParentRunId = properties.GetValueOrDefault(MetadataKeys.ParentRun),
            ParentVersion = properties.GetValueOrDefault(MetadataKeys.ParentVersion),
            TaughtPhotos = properties.ContainsKey(MetadataKeys.TaughtPhotos)
                ? Parse(properties, MetadataKeys.TaughtPhotos, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture))
                : null,
            CreatedAt = properties.ContainsKey(MetadataKeys.CreatedAt)
                ? Parse(properties, MetadataKeys.CreatedAt, s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
                : null,
            Extra = properties.Where(kv => !MetadataKeys.All.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
        };
        try
        {
            metadata.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The model's metadata is invalid: {e.Message}", e);
        }
        return metadata;
    }

    private static void CheckAccuracy(double? value, string name)
    {
        if (value is double v && !(v is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(name, v, $"{name} must be in [0, 1].");
        }
    }

    private static string Required(IReadOnlyDictionary<string, string> properties, string key) =>
        properties.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new FormatException($"The model's metadata has no '{key}' property (required keys: {string.Join(", ", MetadataKeys.Required)}).");

    private static double? Optional(IReadOnlyDictionary<string, string> properties, string key) =>
        properties.ContainsKey(key)
            ? Parse(properties, key, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture))
            : null;

    private static T Parse<T>(IReadOnlyDictionary<string, string> properties, string key, Func<string, T> parse)
    {
        string value = Required(properties, key);
        try
        {
            return parse(value) ?? throw new FormatException("null");
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or OverflowException)
        {
            throw new FormatException($"The model's metadata property '{key}' has a bad value '{value}'.", e);
        }
    }
}
