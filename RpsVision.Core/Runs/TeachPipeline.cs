using System.Diagnostics;
using RpsVision.Core.Data;
using RpsVision.Core.Inference;
using RpsVision.Core.Preprocessing;
using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>
/// The <c>teach</c> job, Teachable Machine's loop: a few photos per label, a short fine-tune of the model a run
/// already made (see <see cref="TeachOptions"/>), and a new run folder like any run's (checkpoint, verified
/// <c>model.onnx</c>, metrics, report, configuration), each recording its parent.
/// </summary>
public static class TeachPipeline
{
    /// <summary>
    /// Teaches the model of <see cref="TeachPipelineOptions.FromRun"/> the photos of
    /// <see cref="TeachPipelineOptions.PhotosDir"/> into a new run folder, and points <c>latest</c> at it once
    /// everything is written. Every input is checked before anything is written; a job that stops midway (an error,
    /// a cancellation) removes its unfinished folder and leaves <c>latest</c> where it was. The parent run is only read.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="DirectoryNotFoundException">The photo folder, the <c>--from</c> run or the parent's data is missing.</exception>
    /// <exception cref="FileNotFoundException">The <c>--from</c> run has no checkpoint.</exception>
    /// <exception cref="InvalidDataException">
    /// The photo folder cannot be used (a folder that is not a label, an empty label folder, no image at all), or the
    /// <c>--from</c> run's checkpoint or configuration is damaged; the message names the flag and the path.
    /// </exception>
    /// <exception cref="IOException">The output folder is not writable.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing of the new run is left.</exception>
    public static async Task<TeachResult> TeachAsync(TeachPipelineOptions options, IPipelineObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var teach = options.Teach;
        TorchRuntime.EnsureAvailable(teach.Device);
        var clock = Stopwatch.StartNew();
        var photos = ReadPhotos(options.PhotosDir, observer);
        var parent = ParentRun.Open(options.FromRun);
        var realPhotos = options.RealPhotosDir is null ? null : ReadFolder(options.RealPhotosDir, "--real-photos", "Real photos", observer);
        string outputDir = RunFolder.EnsureWritable(options.OutputDir);
        observer?.Stage($"Parent: {parent.Folder} (model version {parent.Version}, {parent.Header.Options.Architecture}, input {parent.Header.Preprocessing.InputSize}px)");

        using var trainer = parent.Resume(teach.Device, teach.Threads);
        var catalogue = await TrainingPipeline.DownloadAsync(parent.Data, observer, cancellationToken);
        var split = catalogue.Split(parent.Header.Run?.ToSplitOptions());
        using var photoSet = TrainingPipeline.Decode(photos.Images, trainer);
        using var renders = TrainingPipeline.Decode(RenderSample(split.Train, teach), trainer);
        using var test = TrainingPipeline.Decode(catalogue.Test, trainer);
        observer?.Stage($"Teaching {photos.Images.Count} photos ({TrainingPipeline.PerLabel(photos)}) with {renders.Count} renders of the parent's training split; " +
            $"{test.Count} test images; device {TorchRuntime.DeviceName(trainer.Device)}, {TorchRuntime.ResolveThreads(trainer.Options.Threads)} threads");

        // The parent's own record of its test accuracy spares evaluating the same weights on the same images again.
        double? recorded = parent.RecordedTestAccuracy(catalogue.TestDigest, test.Count);
        double before = recorded ?? trainer.Evaluate(test).Accuracy;
        observer?.Stage($"Parent's test accuracy {before:P2}" + (recorded is null ? "" : " (recorded by the parent run)"));
        // Everything is read and checked: only now does the new run's folder exist, and latest moves at the very end.
        string runFolder = RunFolder.Create(outputDir, pointLatest: false);
        try
        {
            observer?.Stage($"Run folder: {runFolder}");
            using var teacher = new Teacher(trainer, teach);
            var steps = teacher.Run(photoSet, renders, ToProgress(observer), cancellationToken);
            teacher.SaveCheckpoint(Path.Combine(runFolder, TrainingCheckpoint.LastFileName));
            var after = trainer.Evaluate(test);
            string version = RunFolder.VersionOf(Path.GetFileName(runFolder), DateTimeOffset.UtcNow);
            var export = ModelExport.Export(Path.Combine(runFolder, RunFiles.Model), runFolder, trainer, catalogue, null, after.Accuracy, test,
                metadata => metadata with { ParentRunId = parent.RunId, ParentVersion = parent.Version, TaughtPhotos = photos.Images.Count });
            observer?.Stage($"Test accuracy {before:P2} → {after.Accuracy:P2}; model.onnx max |ONNX - TorchSharp| = {export.MaxAbsDiff:E2}");
            var scored = realPhotos is null ? null : ModelExport.RecordRealPhotos(export.Path, realPhotos);
            if (scored is not null)
            {
                observer?.Stage($"Real-photo accuracy {scored.Accuracy:P2} on {scored.Predictions.Count} photos of {scored.FolderName} (recorded in the model's metadata)");
            }
            var report = new TeachReport(runFolder, parent, options, trainer, photos, renders.Count, steps, before, after, test, catalogue, export, scored);
            report.Write(clock.Elapsed.TotalSeconds);
            RunFolder.PointLatest(outputDir, runFolder);
            return new TeachResult
            {
                RunFolder = runFolder,
                ParentRun = parent.Folder,
                ParentVersion = parent.Version,
                Version = version,
                Steps = steps.Count,
                TeachSeconds = steps.Count == 0 ? 0 : steps[^1].Seconds,
                WallSeconds = clock.Elapsed.TotalSeconds,
                PhotosPerLabel = RpsLabels.Names.Select((name, label) => (name, label)).ToDictionary(x => x.name, x => photos.CountPerLabel()[x.label]),
                SkippedPhotos = photos.Skipped.Count,
                TestAccuracyBefore = before,
                TestAccuracyAfter = after.Accuracy,
                RealPhotoAccuracy = scored is null || !double.IsFinite(scored.Accuracy) ? null : scored.Accuracy,
                OnnxMaxAbsDiff = export.MaxAbsDiff,
                Device = TorchRuntime.DeviceName(trainer.Device),
            };
        }
        catch
        {
            // An unfinished run is not a run: nothing points at it, and a later one must not take it for one.
            Directory.Delete(runFolder, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// The renders the steps draw from: as many of the training split as the steps can use, picked by the seed, so that
    /// a short teach decodes a few hundred images rather than the whole split.
    /// </summary>
    private static IReadOnlyList<LabeledImage> RenderSample(IReadOnlyList<LabeledImage> train, TeachOptions options)
    {
        long wanted = (long)options.Steps * options.RendersPerBatch;
        if (wanted >= train.Count)
        {
            return train;
        }
        var random = new Random(options.Seed);
        return train.Select(image => (image, key: random.NextDouble())).OrderBy(x => x.key).Take((int)wanted).Select(x => x.image).ToArray();
    }

    private static LabeledImageFolder ReadPhotos(string folder, IPipelineObserver? observer) =>
        ReadFolder(folder, "FOLDER", "Photos to teach", observer);

    /// <summary>Reads a labelled folder; an unusable one is an error that names the argument it came from.</summary>
    private static LabeledImageFolder ReadFolder(string folder, string argument, string what, IPipelineObserver? observer)
    {
        try
        {
            return TrainingPipeline.ReadPhotos(folder, what, observer);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new DirectoryNotFoundException($"{argument}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{argument}: {e.Message}", e);
        }
    }

    private static IProgress<TeachProgress>? ToProgress(IPipelineObserver? observer) =>
        observer is null ? null : new InlineProgress<TeachProgress>(observer.Teaching);

    // Progress<T> posts to a synchronisation context; the job reports inline, on its own thread.
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
