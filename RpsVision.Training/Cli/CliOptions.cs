using System.CommandLine;
using RpsVision.Core.Data;
using RpsVision.Core.Training;

namespace RpsVision.Training.Cli;

/// <summary>The command line's options, each with its default shown in --help, and their mapping to Core's options.</summary>
internal sealed class CliOptions
{
    private static readonly TrainingOptions TrainingDefaults = new();
    private static readonly PipelineOptions PipelineDefaults = new();

    public Option<string> DataDir { get; } = new("--data-dir")
    {
        Description = "Folder holding rps/ and rps-test-set/ (e.g. ../shared/data/rps-28px), or where the TFDS archives are downloaded and extracted",
        DefaultValueFactory = _ => new DataOptions().DataDir,
    };

    public Option<bool> Offline { get; } = new("--offline")
    {
        Description = "Never download: a missing split is an error",
        DefaultValueFactory = _ => false,
    };

    public Option<int> TrainPerClass { get; } = new("--expect-train-per-class")
    {
        Description = "Training images each class must have; fewer is an error",
        DefaultValueFactory = _ => new DataOptions().TrainImagesPerClass,
    };

    public Option<int> TestPerClass { get; } = new("--expect-test-per-class")
    {
        Description = "Test images each class must have; fewer is an error",
        DefaultValueFactory = _ => new DataOptions().TestImagesPerClass,
    };

    public Option<string> OutputDir { get; } = new("--output-dir")
    {
        Description = "Folder for run outputs: <output-dir>/<timestamp>/ and the <output-dir>/latest symlink",
        DefaultValueFactory = _ => PipelineDefaults.OutputDir,
    };

    public Option<int> Epochs { get; } = new("--epochs") { Description = "Training epochs (1-10000)", DefaultValueFactory = _ => TrainingDefaults.Epochs };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the split, initialisation, shuffling, augmentation and dropout", DefaultValueFactory = _ => TrainingDefaults.Seed };

    public Option<TrainingDevice> Device { get; } = new("--device")
    {
        Description = "cpu, cuda, or auto (cuda when available)",
        DefaultValueFactory = _ => TrainingDefaults.Device,
    };

    public Option<int> Threads { get; } = new("--threads") { Description = "CPU threads for torch and image decoding; 0 = one per processor", DefaultValueFactory = _ => TrainingDefaults.Threads };

    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Images per step (1-4096)", DefaultValueFactory = _ => TrainingDefaults.BatchSize };

    public Option<double> LearningRate { get; } = new("--lr") { Description = "Peak AdamW learning rate (warm-up, then cosine to 0)", DefaultValueFactory = _ => TrainingDefaults.LearningRate };

    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "AdamW weight decay", DefaultValueFactory = _ => TrainingDefaults.WeightDecay };

    public Option<int> WarmupEpochs { get; } = new("--warmup-epochs") { Description = "Epochs of linear learning-rate warm-up", DefaultValueFactory = _ => TrainingDefaults.WarmupEpochs };

    public Option<double> LabelSmoothing { get; } = new("--label-smoothing") { Description = "Label smoothing of the training loss [0, 1)", DefaultValueFactory = _ => TrainingDefaults.LabelSmoothing };

    public Option<int> ImageSize { get; } = new("--image-size")
    {
        Description = $"Model input side in pixels; 0 = the data's native size, capped at {PipelineDefaults.MaxAutoImageSize} (never upsampled)",
        DefaultValueFactory = _ => 0,
    };

    public Option<SplitStrategy> Split { get; } = new("--split")
    {
        Description = "stratified (random 85/15 per class) or hold-out-hands (whole hands in validation)",
        DefaultValueFactory = _ => SplitStrategy.Stratified,
        CustomParser = r => ParseSplit(r.Tokens.Single().Value, r),
    };

    public Option<string> Augment { get; } = new("--augment")
    {
        Description = "Augmentation preset: default (flips, 90° rotations, scale/translation, brightness/contrast), any-angle (flips, rotation at any angle, scale/translation, brightness/contrast), none",
        DefaultValueFactory = _ => "default",
    };

    public Option<CheckpointSelection> Select { get; } = new("--select")
    {
        Description = "Weights to keep: last (last epoch of the cosine schedule) or best-validation",
        DefaultValueFactory = _ => TrainingDefaults.Selection,
        CustomParser = r => ParseSelection(r.Tokens.Single().Value, r),
    };

    public Option<bool> MixedPrecision { get; } = new("--mixed-precision") { Description = "On CUDA, allow TF32 tensor-core math", DefaultValueFactory = _ => false };

    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue <output-dir>/latest from its last complete epoch (same options, same result)", DefaultValueFactory = _ => false };

    public Option<string> Checkpoint { get; } = new("--checkpoint")
    {
        Description = "Checkpoint file to evaluate or export",
        DefaultValueFactory = _ => Path.Combine("runs", "latest", TrainingCheckpoint.LastFileName),
    };

    public CliOptions()
    {
        Augment.AcceptOnlyFromAmong("default", "any-angle", "none");
    }

    public DataOptions ToData(ParseResult parse) => new()
    {
        DataDir = parse.GetValue(DataDir)!,
        AllowDownload = !parse.GetValue(Offline),
        TrainImagesPerClass = parse.GetValue(TrainPerClass),
        TestImagesPerClass = parse.GetValue(TestPerClass),
    };

    public PipelineOptions ToPipeline(ParseResult parse) => new()
    {
        Data = ToData(parse),
        Split = new SplitOptions { Seed = parse.GetValue(Seed), Strategy = parse.GetValue(Split) },
        OutputDir = parse.GetValue(OutputDir)!,
        ImageSize = parse.GetValue(ImageSize) is > 0 and var size ? size : null,
        Resume = parse.GetValue(Resume),
        Training = TrainingDefaults with
        {
            Epochs = parse.GetValue(Epochs),
            Seed = parse.GetValue(Seed),
            Device = parse.GetValue(Device),
            Threads = parse.GetValue(Threads),
            BatchSize = parse.GetValue(BatchSize),
            LearningRate = parse.GetValue(LearningRate),
            WeightDecay = parse.GetValue(WeightDecay),
            WarmupEpochs = parse.GetValue(WarmupEpochs),
            LabelSmoothing = parse.GetValue(LabelSmoothing),
            MixedPrecision = parse.GetValue(MixedPrecision),
            Selection = parse.GetValue(Select),
            Augmentation = AugmentationPreset(parse.GetValue(Augment)!),
        },
    };

    private static AugmentationOptions AugmentationPreset(string name) => name switch
    {
        "none" => AugmentationOptions.None,
        "any-angle" => new AugmentationOptions { Rotate90 = false, RotationDegrees = 180 },
        _ => new AugmentationOptions(),
    };

    private static SplitStrategy ParseSplit(string value, System.CommandLine.Parsing.ArgumentResult result)
    {
        switch (value.ToLowerInvariant())
        {
            case "stratified": return SplitStrategy.Stratified;
            case "hold-out-hands": return SplitStrategy.HoldOutHands;
            default:
                result.AddError($"--split '{value}' is not allowed; allowed: stratified, hold-out-hands.");
                return default;
        }
    }

    private static CheckpointSelection ParseSelection(string value, System.CommandLine.Parsing.ArgumentResult result)
    {
        switch (value.ToLowerInvariant())
        {
            case "last": return CheckpointSelection.Last;
            case "best-validation": return CheckpointSelection.BestValidation;
            default:
                result.AddError($"--select '{value}' is not allowed; allowed: last, best-validation.");
                return default;
        }
    }
}
