using System.Diagnostics;
using RpsVision.Core.Data;
using RpsVision.Core.Export;
using RpsVision.Core.Inference;
using RpsVision.Core.Modeling;
using RpsVision.Core.Preprocessing;
using RpsVision.Core.Training;
using static TorchSharp.torch;

namespace RpsVision.Core.Runs;

/// <summary>
/// The training job, one method per command: the whole pipeline (<see cref="RunAsync"/>: data → split → train
/// → one test evaluation → ONNX export → report), or its pieces.
/// </summary>
public static class TrainingPipeline
{
    /// <summary>
    /// Runs the whole job into a new <c>&lt;OutputDir&gt;/&lt;timestamp&gt;/</c> folder (or, with
    /// <see cref="PipelineOptions.Resume"/>, continues the latest run in place).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An option is out of range, or, with <see cref="PipelineOptions.Resume"/>, an option or the data contradicts the
    /// checkpoint of the run being resumed (see <see cref="ResumeOptions"/>).
    /// </exception>
    /// <exception cref="IOException">The output folder is not writable.</exception>
    /// <exception cref="InvalidDataException">The data set is short or damaged.</exception>
    /// <exception cref="InvalidOperationException">CUDA was requested and is not available.</exception>
    public static Task<PipelineResult> RunAsync(PipelineOptions options, IPipelineObserver? observer = null, CancellationToken cancellationToken = default) =>
        RunCoreAsync(options, evaluateTest: true, observer, cancellationToken);

    /// <summary>As <see cref="RunAsync"/> but stops after training: no test evaluation, no export.</summary>
    public static Task<PipelineResult> TrainAsync(PipelineOptions options, IPipelineObserver? observer = null, CancellationToken cancellationToken = default) =>
        RunCoreAsync(options, evaluateTest: false, observer, cancellationToken);

    /// <summary>Finds, or downloads and extracts, the data set and verifies it.</summary>
    public static Task<DatasetCatalogue> DownloadAsync(DataOptions options, IPipelineObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RpsDataset.PrepareAsync(options, ToProgress(observer), cancellationToken);
    }

    /// <summary>Prepares the data set and writes its EDA (<c>eda.json</c>, sample grid) into <c>&lt;outputDir&gt;/eda/</c>.</summary>
    public static async Task<EdaSummary> EdaAsync(DataOptions data, SplitOptions split, string outputDir,
        IPipelineObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDir);
        var catalogue = await DownloadAsync(data, observer, cancellationToken);
        return DatasetEda.Run(catalogue.Split(split).All, Path.Combine(outputDir, "eda"));
    }

    /// <summary>Evaluates a checkpoint's model on the test images of the data set.</summary>
    public static async Task<EvaluationResult> EvaluateAsync(string checkpointPath, DataOptions data, TrainingDevice device = TrainingDevice.Auto,
        int threads = 0, IPipelineObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var catalogue = await DownloadAsync(data, observer, cancellationToken);
        using var trainer = Trainer.Resume(checkpointPath, device, threads);
        using var test = Decode(catalogue.Test, trainer);
        return trainer.Evaluate(test);
    }

    /// <summary>
    /// Evaluates an exported model on a folder of labelled real photos through the serving path (ONNX Runtime and the
    /// model's own eval preprocessing) and writes <c>metrics.json</c>, <c>report.md</c> and <c>misclassified.png</c>
    /// into <c>real-photos-&lt;folder name&gt;/</c> beside the model. The model file is not changed.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no model file.</exception>
    /// <exception cref="DirectoryNotFoundException">The photo folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The photo folder cannot be used; the message names it.</exception>
    public static RealPhotoReport EvaluatePhotos(string modelPath, string photosDir, IPipelineObserver? observer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var photos = ReadPhotos(photosDir, "Photos", observer);
        using var classifier = new ImageClassifier(modelPath);
        var result = PhotoEvaluator.Evaluate(classifier, photos);
        string folder = Path.Combine(Path.GetDirectoryName(classifier.Model.Path)!, $"real-photos-{photos.Name}");
        PhotoReport.WriteFolder(folder, result, classifier.Model.Preprocessing);
        return new RealPhotoReport(result, folder);
    }

    /// <summary>
    /// Exports a checkpoint's model to ONNX, verified against TorchSharp on the first test images. In a run folder,
    /// records what the export measured in the run's <c>metrics.json</c> (<c>exports</c>, and
    /// <c>onnx_max_abs_diff</c> for <c>model.onnx</c>) and <c>report.md</c>.
    /// </summary>
    /// <param name="checkpointPath">The checkpoint (e.g. <c>runs/latest/checkpoint-best.bin</c>).</param>
    /// <param name="data">The data set whose test images verify the export.</param>
    /// <param name="outputPath">
    /// The model file. Default null: beside the checkpoint, named after it (<c>checkpoint.bin</c> →
    /// <c>model.onnx</c>, <c>checkpoint-best.bin</c> → <c>model-best.onnx</c>).
    /// </param>
    /// <param name="threads">CPU threads; 0 = one per processor.</param>
    /// <param name="observer">Receives download progress.</param>
    /// <param name="cancellationToken">Cancels a download.</param>
    /// <exception cref="IOException"><paramref name="outputPath"/> is another checkpoint's model in the same run folder.</exception>
    public static async Task<OnnxExportResult> ExportAsync(string checkpointPath, DataOptions data, string? outputPath = null, int threads = 0,
        IPipelineObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        string output = Path.GetFullPath(outputPath ?? Path.Combine(folder, RunExports.DefaultModelFile(checkpointPath)));
        RunExports.EnsureNotAnotherCheckpointsModel(checkpointPath, output);
        var catalogue = await DownloadAsync(data, observer, cancellationToken);
        using var trainer = Trainer.Resume(checkpointPath, TrainingDevice.Cpu, threads);
        using var test = Decode(catalogue.Test, trainer);
        var export = ModelExport.Export(output, folder, trainer, catalogue, null, null, test);
        RunExports.Record(checkpointPath, export);
        return export;
    }

    /// <summary>
    /// The data options a run was trained with, from the <c>config.json</c> beside its checkpoint; null when the
    /// checkpoint is not in a run folder. Commands that work on a run (evaluate, export) start from these.
    /// </summary>
    public static DataOptions? RunDataOptions(string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        return RunFiles.ReadDataOptions(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!);
    }

    /// <summary>Runs <see cref="DataPipelineBenchmark"/> on the training split of the data set.</summary>
    public static async Task<DataPipelineBenchmarkResult> BenchDataAsync(PipelineOptions options, IPipelineObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var catalogue = await DownloadAsync(options.Data, observer, cancellationToken);
        var split = catalogue.Split(options.Split);
        using var trainer = Trainer.Create(options.Training, ResolvePreprocessing(options, catalogue));
        using var train = Decode(split.Train, trainer);
        return DataPipelineBenchmark.Run(trainer, train);
    }

    /// <summary>
    /// The options a resumed run continues with: <paramref name="requested"/> with the split, input size and
    /// training options (but the device and threads) saved in the checkpoint of <c>&lt;OutputDir&gt;/latest</c>.
    /// A caller that resumes with these passes <see cref="RunAsync"/>'s check of the options against the checkpoint.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">There is no previous run to resume.</exception>
    /// <exception cref="FileNotFoundException">The latest run has no checkpoint.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is not readable.</exception>
    public static PipelineOptions ResumeOptions(PipelineOptions requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        string checkpoint = Path.Combine(RunFolder.Latest(requested.OutputDir), TrainingCheckpoint.LastFileName);
        var saved = TrainingCheckpoint.ReadHeader(checkpoint);
        return requested with
        {
            Split = saved.Run?.ToSplitOptions() ?? requested.Split,
            ImageSize = saved.Preprocessing.InputSize,
            Training = saved.Options with { Device = requested.Training.Device, Threads = requested.Training.Threads },
            Resume = true,
        };
    }

    /// <summary>
    /// The input size used for a data set: <see cref="PipelineOptions.ImageSize"/>, else for RpsNet the native size
    /// capped at <see cref="PipelineOptions.MaxAutoImageSize"/>, for ResNet18 <see cref="PipelineOptions.ResNet18ImageSize"/>
    /// or the native size rounded up to a multiple of 32 where that is smaller.
    /// </summary>
    public static int ResolveImageSize(PipelineOptions options, DatasetCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalogue);
        if (options.ImageSize is int size)
        {
            return size;
        }
        // Every TFDS image of a class has the same size; the smallest side of one image per class is the native size.
        int native = catalogue.Train.GroupBy(i => i.Label).Select(g => g.First())
            .Select(i => ImagePreprocessor.Inspect(File.ReadAllBytes(i.Path), new ImageLimits()))
            .Min(h => Math.Min(h.Width, h.Height));
        return options.Training.Architecture == ModelArchitecture.ResNet18
            ? Math.Min(options.ResNet18ImageSize, (native + 31) / 32 * 32)
            : Math.Clamp(native, 8, options.MaxAutoImageSize);
    }

    /// <summary>The preprocessing of a new run: its input size (<see cref="ResolveImageSize"/>), fit, and the architecture's normalisation.</summary>
    private static PreprocessingOptions ResolvePreprocessing(PipelineOptions options, DatasetCatalogue catalogue) =>
        ClassifierNetworks.Preprocessing(options.Training.Architecture, ResolveImageSize(options, catalogue), options.Fit);

    private static async Task<PipelineResult> RunCoreAsync(PipelineOptions options, bool evaluateTest, IPipelineObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.EnsureAvailable(options.Training.Device);
        var clock = Stopwatch.StartNew();
        string? resumed = options.Resume ? RunFolder.Latest(options.OutputDir) : null;
        RunFolder.EnsureWritable(options.OutputDir);
        var catalogue = await DownloadAsync(options.Data, observer, cancellationToken);
        var extra = options.ExtraDataDir is null ? null : ReadPhotos(options.ExtraDataDir, "Extra data", observer);
        var realPhotos = evaluateTest && options.RealPhotosDir is not null ? ReadPhotos(options.RealPhotosDir, "Real photos", observer) : null;
        var run = new RunConfiguration
        {
            SplitStrategy = options.Split.Strategy,
            SplitSeed = options.Split.Seed,
            ValidationFraction = options.Split.ValidationFraction,
            DatasetDigests = DatasetDigests(catalogue, extra),
        };
        string? resumedCheckpoint = resumed is null ? null : Path.Combine(resumed, TrainingCheckpoint.LastFileName);
        if (resumedCheckpoint is not null)
        {
            ResumeCheck.Verify(resumedCheckpoint, TrainingCheckpoint.ReadHeader(resumedCheckpoint), options, run);
        }
        // The trainer (with its pretrained weights) before the run folder: a bad option or weights file leaves every
        // run folder as it was.
        using var trainer = resumedCheckpoint is not null
            ? Trainer.Resume(resumedCheckpoint, options.Training.Device, options.Training.Threads)
            : Trainer.Create(options.Training, ResolvePreprocessing(options, catalogue));
        string runFolder = resumed ?? RunFolder.Create(options.OutputDir);
        observer?.Stage($"Run folder: {runFolder}");
        var split = extra is null ? catalogue.Split(options.Split) : catalogue.Split(options.Split).WithExtra(extra);
        split.WriteManifestCsv(Path.Combine(runFolder, RunFiles.ManifestCsv));
        split.WriteManifestJson(Path.Combine(runFolder, RunFiles.ManifestJson));
        observer?.Stage($"Data: {split.Train.Count} train, {split.Validation.Count} validation, {split.Test.Count} test images ({split.Strategy} split) from {catalogue.Root}");

        // A checkpoint written before runs saved their configuration gets it from this (checked) call on.
        trainer.Run ??= run;
        RunFiles.WriteConfig(runFolder, options, trainer);
        observer?.Stage($"Device: {trainer.Device.type.ToString().ToLowerInvariant()}, {TorchRuntime.ResolveThreads(trainer.Options.Threads)} threads, " +
            $"input {trainer.Preprocessing.InputSize}x{trainer.Preprocessing.InputSize}, {trainer.Model.ParameterCount():N0} parameters" +
            (trainer.CompletedEpochs > 0 ? $", resuming after epoch {trainer.CompletedEpochs}" : ""));

        int extraCopies = options.ExtraCopies(split.Train.Count - split.ExtraTrain.Count, split.ExtraTrain.Count);
        using var train = DecodeTrain(split, extraCopies, trainer);
        if (split.Extra is not null)
        {
            observer?.Stage($"Extra data: {split.ExtraTrain.Count} train images x {extraCopies} = {split.ExtraTrain.Count * extraCopies} of {train.Count} " +
                $"samples per epoch ({(double)split.ExtraTrain.Count * extraCopies / train.Count:P0}), {split.ExtraValidation.Count} validation images");
        }
        using var validation = Decode(split.Validation, trainer);
        int resumedAfter = trainer.CompletedEpochs;
        var fit = trainer.Fit(train, validation, runFolder, ToTrainingProgress(observer), cancellationToken);
        var validated = trainer.Evaluate(validation);

        var report = new RunReport(runFolder, split, trainer, fit, validated) { ExtraCopies = extraCopies, ExtraShare = options.ExtraDataShare, ResumedAfterEpoch = resumedAfter };
        if (evaluateTest)
        {
            using var test = Decode(split.Test, trainer);
            var tested = trainer.Evaluate(test);
            var export = ModelExport.Export(Path.Combine(runFolder, RunFiles.Model), runFolder, trainer, split.Catalogue, validated.Accuracy, tested.Accuracy, test);
            report = report with { Test = tested, TestImages = test, Export = export };
            observer?.Stage($"Test accuracy {tested.Accuracy:P2}" + (export is null ? "" : $"; model.onnx max |ONNX - TorchSharp| = {export.MaxAbsDiff:E2}"));
            if (realPhotos is not null)
            {
                var photos = ModelExport.RecordRealPhotos(Path.Combine(runFolder, RunFiles.Model), realPhotos);
                report = report with { RealPhotos = photos };
                observer?.Stage($"Real-photo accuracy {photos.Accuracy:P2} on {photos.Predictions.Count} photos of {photos.FolderName} (recorded in the model's metadata)");
            }
            report.Write(clock.Elapsed.TotalSeconds);
        }
        else
        {
            report.Write(clock.Elapsed.TotalSeconds);
        }
        observer?.Stage($"Wrote {runFolder} in {clock.Elapsed.TotalSeconds:F0} s");
        return new PipelineResult(runFolder, validated.Accuracy, report.Test?.Accuracy, report.Export?.MaxAbsDiff,
            clock.Elapsed.TotalSeconds, TorchRuntime.DeviceName(trainer.Device));
    }

    /// <summary>Reads a labelled folder and reports what it holds and which files were skipped.</summary>
    internal static LabeledImageFolder ReadPhotos(string folder, string what, IPipelineObserver? observer)
    {
        var photos = LabeledImageFolder.Read(folder);
        observer?.Stage($"{what}: {photos.Images.Count} images in {photos.Root} ({PerLabel(photos)}), {photos.Skipped.Count} skipped");
        foreach (var skipped in photos.Skipped)
        {
            observer?.Stage($"  skipped {skipped.RelativePath}: {skipped.Reason}");
        }
        return photos;
    }

    /// <summary>The training images, the extra ones (if any) repeated <paramref name="extraCopies"/> times after the data set's.</summary>
    private static ImageTensorSet DecodeTrain(DatasetSplit split, int extraCopies, Trainer trainer)
    {
        if (split.ExtraTrain.Count == 0)
        {
            return Decode(split.Train, trainer);
        }
        using var dataset = Decode(split.Train.Take(split.Train.Count - split.ExtraTrain.Count).ToArray(), trainer);
        using var extra = Decode(split.ExtraTrain, trainer);
        return ImageTensorSet.Concatenate(dataset, extra, extraCopies);
    }

    private static Dictionary<string, string> DatasetDigests(DatasetCatalogue catalogue, LabeledImageFolder? extra)
    {
        var digests = new Dictionary<string, string> { ["train"] = catalogue.TrainDigest, ["test"] = catalogue.TestDigest };
        if (extra is not null)
        {
            digests["extra"] = extra.Digest;
        }
        return digests;
    }

    /// <summary>"rock 10, paper 10, scissors 10": a folder's images per label.</summary>
    internal static string PerLabel(LabeledImageFolder photos) =>
        string.Join(", ", photos.CountPerLabel().Select((n, label) => $"{RpsLabels.NameOf(label)} {n}"));

    /// <summary>Decodes <paramref name="images"/> with the trainer's preprocessing onto its device.</summary>
    internal static ImageTensorSet Decode(IReadOnlyList<LabeledImage> images, Trainer trainer) =>
        ImageTensorSet.Decode(images.Select(i => i.Path).ToArray(), images.Select(i => i.Label).ToArray(), trainer.Preprocessing,
            trainer.Device, TorchRuntime.ResolveThreads(trainer.Options.Threads));

    private static IProgress<DownloadProgress>? ToProgress(IPipelineObserver? observer) =>
        observer is null ? null : new InlineProgress<DownloadProgress>(observer.Download);

    private static IProgress<TrainingProgress>? ToTrainingProgress(IPipelineObserver? observer) =>
        observer is null ? null : new InlineProgress<TrainingProgress>(observer.Training);

    // Progress<T> posts to a synchronisation context; the job reports inline, on its own thread.
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
