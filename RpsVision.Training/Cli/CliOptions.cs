using System.CommandLine;
using RpsVision.Core.Data;
using RpsVision.Core.Modeling;
using RpsVision.Core.Runs;
using RpsVision.Core.Preprocessing;
using RpsVision.Core.Training;

namespace RpsVision.Training.Cli;

/// <summary>The command line's options, each with its default shown in --help, and their mapping to Core's options.</summary>
internal sealed class CliOptions
{
    private static readonly TrainingOptions TrainingDefaults = new();
    private static readonly TrainingOptions RpsNetDefaults = TrainingOptions.For(ModelArchitecture.RpsNet);
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

    /// <summary>Environment variable that sets the default of --mirror (like TFDS's overrides), for machines behind a proxy or offline mirror.</summary>
    public const string MirrorVariable = "RPSVISION_MIRROR";

    public Option<string> Mirror { get; } = new("--mirror")
    {
        Description = $"Base URL the TFDS archives (rps.zip, rps-test-set.zip) are downloaded from; a mirror of the default. ${MirrorVariable} sets the default",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(MirrorVariable) is { Length: > 0 } url ? url : DownloadOptions.TfdsBaseUrl.AbsoluteUri,
        Validators =
        {
            r =>
            {
                string value = r.GetValueOrDefault<string>();
                if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    r.AddError($"--mirror '{value}' is not allowed; allowed: an absolute http:// or https:// URL.");
                }
            },
        },
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

    public Option<string> Architecture { get; } = EnumOption.Create("--model",
        "Network to train: resnet18 (ImageNet weights fine-tuned: sees real hands) or rpsnet (small CNN from scratch: fast, renders)", TrainingDefaults.Architecture);

    public Option<string?> Pretrained { get; } = new("--pretrained")
    {
        Description = "ONNX file of the ImageNet ResNet18 that starts a resnet18 run (default: the copy from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, next to the program)",
    };

    public Option<double> BackboneLearningRateScale { get; } = new("--backbone-lr-scale")
    {
        Description = "resnet18: the pretrained layers' learning rate as a share of --lr (the new head's), (0, 1]",
        DefaultValueFactory = _ => TrainingDefaults.BackboneLearningRateScale,
    };

    public Option<bool> UpdateBatchNorm { get; } = new("--update-batch-norm")
    {
        Description = "resnet18: update the pretrained batch-norm statistics while fine-tuning (default: keep them)",
        DefaultValueFactory = _ => !TrainingDefaults.FreezeBatchNormStatistics,
    };

    public Option<int> Epochs { get; } = new("--epochs")
    {
        Description = $"Training epochs (1-10000); rpsnet's default is {RpsNetDefaults.Epochs}",
        DefaultValueFactory = _ => TrainingDefaults.Epochs,
    };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the split, initialisation, shuffling, augmentation and dropout", DefaultValueFactory = _ => TrainingDefaults.Seed };

    public Option<string> Device { get; } = EnumOption.Create("--device", "cpu, cuda, or auto (cuda when available)", TrainingDefaults.Device);

    public Option<int> Threads { get; } = new("--threads") { Description = "CPU threads for torch and image decoding; 0 = one per processor", DefaultValueFactory = _ => TrainingDefaults.Threads };

    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = $"Images per step (1-4096); rpsnet's default is {RpsNetDefaults.BatchSize}",
        DefaultValueFactory = _ => TrainingDefaults.BatchSize,
    };

    public Option<double> LearningRate { get; } = new("--lr") { Description = "Peak AdamW learning rate (warm-up, then cosine to 0)", DefaultValueFactory = _ => TrainingDefaults.LearningRate };

    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "AdamW weight decay", DefaultValueFactory = _ => TrainingDefaults.WeightDecay };

    public Option<int> WarmupEpochs { get; } = new("--warmup-epochs")
    {
        Description = $"Epochs of linear learning-rate warm-up; rpsnet's default is {RpsNetDefaults.WarmupEpochs}",
        DefaultValueFactory = _ => TrainingDefaults.WarmupEpochs,
    };

    public Option<double> LabelSmoothing { get; } = new("--label-smoothing") { Description = "Label smoothing of the training loss [0, 1)", DefaultValueFactory = _ => TrainingDefaults.LabelSmoothing };

    public Option<int> ImageSize { get; } = new("--image-size")
    {
        Description = $"Model input side in pixels; 0 = resnet18: {PipelineDefaults.ResNet18ImageSize}, or the data's native size rounded up to a multiple of 32 where smaller; " +
            $"rpsnet: the data's native size, capped at {PipelineDefaults.MaxAutoImageSize} (never upsampled)",
        DefaultValueFactory = _ => 0,
    };

    public Option<string> Split { get; } = EnumOption.Create("--split",
        "stratified (random 85/15 per class) or hold-out-hands (whole hands in validation)", new SplitOptions().Strategy);

    public Option<string> Augment { get; } = new("--augment")
    {
        Description = "Augmentation preset: default (for real photos: flips, 90° rotations, scale/aspect/translation, hands composited over random backgrounds, hue/saturation/grey, brightness/contrast, blur), any-angle (the same with rotation at any angle), renders (flips, 90° rotations, scale/translation, brightness/contrast on white), none",
        DefaultValueFactory = _ => AugmentationPresets.Default,
    };

    public Option<string?> Backgrounds { get; } = new("--backgrounds")
    {
        Description = "Folder of photos of scenes without hands (PNG/JPEG) to composite the hands over, besides procedural backgrounds (e.g. ../shared/data/backgrounds); unset: procedural backgrounds only",
    };

    public Option<string> Fit { get; } = EnumOption.Create("--fit",
        "How a non-square image becomes the square input, in training and serving: pad (edge pixels repeated), stretch or crop (centre)",
        new PipelineOptions().Fit);

    public Option<string> Select { get; } = EnumOption.Create("--select",
        "Weights to keep: last (last epoch of the cosine schedule) or best-validation", TrainingDefaults.Selection);

    public Option<bool> MixedPrecision { get; } = new("--mixed-precision") { Description = "On CUDA, allow TF32 tensor-core math", DefaultValueFactory = _ => false };

    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue <output-dir>/latest from its last complete epoch (same options, same result)", DefaultValueFactory = _ => false };

    public Option<string> Checkpoint { get; } = new("--checkpoint")
    {
        Description = "Checkpoint file to evaluate or export (checkpoint.bin: the last epoch; checkpoint-best.bin: the best validation epoch)",
        DefaultValueFactory = _ => Path.Combine("runs", "latest", TrainingCheckpoint.LastFileName),
    };

    public Option<string?> RealPhotos { get; } = new("--real-photos")
    {
        Description = "Folder of labelled real photos (<label>/*.png|jpg|jpeg) to evaluate the exported model on, through the serving path; " +
            "the score goes into metrics.json, report.md and the model's metadata (default: none)",
    };

    public Option<string?> ExtraData { get; } = new("--extra-data")
    {
        Description = "Folder of extra labelled images (<label>/*.png|jpg|jpeg, e.g. photos of your own hand) that join the training data: " +
            "split 85/15 like the data set, augmented like it, oversampled by --extra-share (default: none)",
    };

    public Option<double> ExtraShare { get; } = new("--extra-share")
    {
        Description = "Share of each epoch's training samples made of the --extra-data images, by repeating each (0.01-0.9)",
        DefaultValueFactory = _ => PipelineDefaults.ExtraDataShare,
    };

    public Option<string?> Photos { get; } = new("--photos")
    {
        Description = "Evaluate the ONNX model (--model) on this folder of labelled photos (<label>/*.png|jpg|jpeg) instead of the test split; " +
            "writes real-photos-<folder>/ beside the model (default: none, the test split)",
    };

    public Option<string?> OnnxModel { get; } = new("--model")
    {
        Description = "ONNX model evaluated with --photos (default: model.onnx beside --checkpoint)",
    };

    public Option<string?> ExportOutput { get; } = new("--output")
    {
        Description = "Model file to write; default: beside the checkpoint, named after it (checkpoint.bin → model.onnx, checkpoint-best.bin → model-best.onnx). Another checkpoint's model is never overwritten",
    };

    private static readonly TeachOptions TeachDefaults = new();

    public Argument<string> TeachFolder { get; } = new("FOLDER")
    {
        Description = "Folder of photos to teach: <label>/*.png|jpg|jpeg with one or more of the model's labels (rock, paper, scissors), as the page's Teach tab downloads them",
    };

    public Option<string> From { get; } = new("--from")
    {
        Description = "Run folder whose model is taught (its checkpoint.bin is the parent); never modified",
        DefaultValueFactory = _ => new TeachPipelineOptions { PhotosDir = "unused" }.FromRun,
    };

    public Option<int> Steps { get; } = new("--steps")
    {
        Description = "AdamW steps, each on --photos-per-batch photos and --renders-per-batch renders (1-10000)",
        DefaultValueFactory = _ => TeachDefaults.Steps,
    };

    public Option<int> PhotosPerBatch { get; } = new("--photos-per-batch")
    {
        Description = "Photos per step, augmented without compositing (1-1024)",
        DefaultValueFactory = _ => TeachDefaults.PhotosPerBatch,
    };

    public Option<int> RendersPerBatch { get; } = new("--renders-per-batch")
    {
        Description = "Renders of the parent's training split per step, augmented as the parent run did, so the model keeps them (0-1024)",
        DefaultValueFactory = _ => TeachDefaults.RendersPerBatch,
    };

    public Option<double> TeachLearningRate { get; } = new("--lr")
    {
        Description = "Peak learning rate of the head (of the whole network for rpsnet), cosine to 0 at the last step",
        DefaultValueFactory = _ => TeachDefaults.HeadLearningRate,
    };

    public Option<double> TeachBackboneLearningRate { get; } = new("--backbone-lr")
    {
        Description = "resnet18: peak learning rate of the pretrained backbone, cosine to 0",
        DefaultValueFactory = _ => TeachDefaults.BackboneLearningRate,
    };

    /// <summary>The options of <c>teach</c>, in --help's order (after the FOLDER argument).</summary>
    public Option[] Teach() =>
        [From, OutputDir, RealPhotos, Steps, PhotosPerBatch, RendersPerBatch, TeachLearningRate, TeachBackboneLearningRate, Seed, Device, Threads];

    public TeachPipelineOptions ToTeach(ParseResult parse) => new()
    {
        PhotosDir = parse.GetValue(TeachFolder)!,
        FromRun = parse.GetValue(From)!,
        OutputDir = parse.GetValue(OutputDir)!,
        RealPhotosDir = parse.GetValue(RealPhotos),
        Teach = new TeachOptions
        {
            Steps = parse.GetValue(Steps),
            PhotosPerBatch = parse.GetValue(PhotosPerBatch),
            RendersPerBatch = parse.GetValue(RendersPerBatch),
            HeadLearningRate = parse.GetValue(TeachLearningRate),
            BackboneLearningRate = parse.GetValue(TeachBackboneLearningRate),
            Seed = parse.GetValue(Seed),
            Device = ToDevice(parse),
            Threads = parse.GetValue(Threads),
        },
    };

    public CliOptions()
    {
        Augment.AcceptOnlyFromAmong([.. AugmentationPresets.Names]);
    }

    public DataOptions ToData(ParseResult parse) => new()
    {
        DataDir = parse.GetValue(DataDir)!,
        AllowDownload = !parse.GetValue(Offline),
        Download = new DownloadOptions { BaseUrl = new Uri(parse.GetValue(Mirror)!) },
        TrainImagesPerClass = parse.GetValue(TrainPerClass),
        TestImagesPerClass = parse.GetValue(TestPerClass),
    };

    /// <summary>
    /// The data options of a command that works on a run (evaluate, export): what the run recorded in its
    /// config.json, with each data flag given on this command line on top; without a run, the flags and their defaults.
    /// </summary>
    public DataOptions ToData(ParseResult parse, DataOptions? run)
    {
        var given = ToData(parse);
        if (run is null)
        {
            return given;
        }
        return new DataOptions
        {
            DataDir = IsGiven(parse, DataDir) ? given.DataDir : run.DataDir,
            AllowDownload = IsGiven(parse, Offline) ? given.AllowDownload : run.AllowDownload,
            TrainImagesPerClass = IsGiven(parse, TrainPerClass) ? given.TrainImagesPerClass : run.TrainImagesPerClass,
            TestImagesPerClass = IsGiven(parse, TestPerClass) ? given.TestImagesPerClass : run.TestImagesPerClass,
            Download = IsGiven(parse, Mirror) ? given.Download : run.Download,
        };
    }

    private static bool IsGiven(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    public PipelineOptions ToPipeline(ParseResult parse) => new()
    {
        Data = ToData(parse),
        Split = new SplitOptions { Seed = parse.GetValue(Seed), Strategy = EnumOption.Parse<SplitStrategy>(parse.GetValue(Split)!) },
        OutputDir = parse.GetValue(OutputDir)!,
        ImageSize = parse.GetValue(ImageSize) is > 0 and var size ? size : null,
        Resume = parse.GetValue(Resume),
        RealPhotosDir = parse.GetValue(RealPhotos),
        ExtraDataDir = parse.GetValue(ExtraData),
        ExtraDataShare = parse.GetValue(ExtraShare),
        Training = ToTraining(parse),
        Fit = EnumOption.Parse<SquareFit>(parse.GetValue(Fit)!),
    };

    /// <summary>The training options: the architecture's defaults (<see cref="TrainingOptions.For"/>), with each flag given on top.</summary>
    private TrainingOptions ToTraining(ParseResult parse)
    {
        var defaults = TrainingOptions.For(EnumOption.Parse<ModelArchitecture>(parse.GetValue(Architecture)!));
        return defaults with
        {
            PretrainedWeights = parse.GetValue(Pretrained),
            BackboneLearningRateScale = parse.GetValue(BackboneLearningRateScale),
            FreezeBatchNormStatistics = !parse.GetValue(UpdateBatchNorm),
            Epochs = IsGiven(parse, Epochs) ? parse.GetValue(Epochs) : defaults.Epochs,
            Seed = parse.GetValue(Seed),
            Device = ToDevice(parse),
            Threads = parse.GetValue(Threads),
            BatchSize = IsGiven(parse, BatchSize) ? parse.GetValue(BatchSize) : defaults.BatchSize,
            LearningRate = parse.GetValue(LearningRate),
            WeightDecay = parse.GetValue(WeightDecay),
            WarmupEpochs = IsGiven(parse, WarmupEpochs) ? parse.GetValue(WarmupEpochs) : defaults.WarmupEpochs,
            LabelSmoothing = parse.GetValue(LabelSmoothing),
            MixedPrecision = parse.GetValue(MixedPrecision),
            Selection = EnumOption.Parse<CheckpointSelection>(parse.GetValue(Select)!),
            Augmentation = AugmentationPresets.Get(parse.GetValue(Augment)!) with { BackgroundsDirectory = parse.GetValue(Backgrounds) },
        };
    }

    /// <summary>The options of the commands that train (the root command and <c>train</c>), in --help's order.</summary>
    public Option[] Training() =>
    [
        DataDir, Offline, Mirror, TrainPerClass, TestPerClass, OutputDir, Architecture, Pretrained, Epochs, Seed, Device, Threads, BatchSize, LearningRate,
        BackboneLearningRateScale, UpdateBatchNorm, WeightDecay, WarmupEpochs, LabelSmoothing, ImageSize, Split, Augment, Backgrounds, Fit, Select, MixedPrecision, Resume,
        ExtraData, ExtraShare,
    ];

    public TrainingDevice ToDevice(ParseResult parse) => EnumOption.Parse<TrainingDevice>(parse.GetValue(Device)!);

    /// <summary>The model that <c>evaluate --photos</c> evaluates: --model, else model.onnx beside --checkpoint.</summary>
    public string ToOnnxModel(ParseResult parse) =>
        parse.GetValue(OnnxModel) ?? Path.Combine(Path.GetDirectoryName(parse.GetValue(Checkpoint)!) ?? ".", RunFiles.Model);
}
