using System.Diagnostics;
using RpsVision.Core.Modeling;
using RpsVision.Core.Preprocessing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// Trains the network of <see cref="TrainingOptions.Architecture"/> on decoded images: <see cref="TrainOneEpoch"/>, <see cref="Evaluate"/> and
/// <see cref="Fit"/>, which checkpoints every epoch and can be resumed with <see cref="Resume"/>. On the CPU the
/// same options and seed give the same weights and metrics, resumed or not. On CUDA two runs with the same seed
/// already differ from the first epoch (grid_sample's backward and cuDNN sum with atomics), so a resumed CUDA run
/// continues from its checkpoint correctly but not bit for bit.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly AdamW optimizer;
    private readonly TensorAugmenter augmenter;
    private readonly TensorNormalizer normalizer;
    private readonly SceneBank? scenes;
    private readonly List<EpochMetrics> history = [];
    // Each parameter group's share of the scheduled learning rate, in the optimizer's group order.
    private readonly double[] learningRateScales;
    private int bestValidationEpoch;

    private Trainer(TrainingOptions options, PreprocessingOptions preprocessing, Device device, bool withPretrainedWeights)
    {
        Options = options;
        Preprocessing = preprocessing;
        Device = device;
        manual_seed(options.Seed);
        Model = ClassifierNetworks.Create(options, withPretrainedWeights);
        Model.to(device);
        var groups = ClassifierNetworks.ParameterGroups(Model, options);
        learningRateScales = groups.Select(g => g.Scale).ToArray();
        optimizer = optim.AdamW(groups.Select(g => new AdamW.ParamGroup(g.Parameters, lr: options.LearningRate * g.Scale)),
            lr: options.LearningRate, weight_decay: options.WeightDecay);
        // Twice the input side: a crop of a third of a scene still has the model's resolution.
        scenes = options.Augmentation.BackgroundsDirectory is { } folder && options.Augmentation.BackgroundProbability > 0
            ? SceneBank.Load(folder, Math.Clamp(2 * preprocessing.InputSize, 32, 512), device)
            : null;
        augmenter = new TensorAugmenter(options.Augmentation, scenes);
        normalizer = new TensorNormalizer(preprocessing, device);
    }

    /// <summary>The run's options.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The preprocessing the model is trained for (its input size and normalisation).</summary>
    public PreprocessingOptions Preprocessing { get; }

    /// <summary>Where the model and the data live.</summary>
    public Device Device { get; }

    /// <summary>The network being trained (<see cref="RpsNet"/> or <see cref="ResNet18"/>, as the options say).</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Metrics of the completed epochs.</summary>
    public IReadOnlyList<EpochMetrics> History => history;

    /// <summary>
    /// The split and data of the run this trainer belongs to, saved with every checkpoint (after <see cref="Resume"/>,
    /// those of the checkpoint); null outside a run.
    /// </summary>
    public RunConfiguration? Run { get; internal set; }

    /// <summary>The run's random transforms of the training images (its scenes included).</summary>
    internal TensorAugmenter Augmenter => augmenter;

    /// <summary>The model's input normalisation, on its device.</summary>
    internal TensorNormalizer Normalizer => normalizer;

    /// <summary>Number of completed epochs (after <see cref="Resume"/>, those of the checkpoint).</summary>
    public int CompletedEpochs => history.Count;

    /// <summary>
    /// A trainer with a new model (seeded by <see cref="TrainingOptions.Seed"/>): a ResNet18 starts from the ImageNet
    /// weights of <see cref="TrainingOptions.PretrainedWeights"/> with a fresh head, an RpsNet from scratch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or the input size does not suit the architecture.</exception>
    /// <exception cref="InvalidOperationException">CUDA was requested and is not available.</exception>
    /// <exception cref="FileNotFoundException">The pretrained weights' file does not exist.</exception>
    /// <exception cref="InvalidDataException">The pretrained weights' file is not the ImageNet ResNet18's ONNX graph.</exception>
    public static Trainer Create(TrainingOptions options, PreprocessingOptions preprocessing) => Create(options, preprocessing, withPretrainedWeights: true);

    private static Trainer Create(TrainingOptions options, PreprocessingOptions preprocessing, bool withPretrainedWeights)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(preprocessing);
        options.Validate();
        preprocessing.Validate();
        ClassifierNetworks.ValidateInputSize(options.Architecture, preprocessing.InputSize);
        Device device = TorchRuntime.Configure(options.Device, options.Threads, options.MixedPrecision);
        return new Trainer(options, preprocessing, device, withPretrainedWeights);
    }

    /// <summary>
    /// A trainer restored from a checkpoint: the architecture and every training option come from the checkpoint
    /// (so the run ends as an uninterrupted one would); only the device and thread count may be overridden.
    /// </summary>
    public static Trainer Resume(string checkpointPath, TrainingDevice? device = null, int? threads = null)
    {
        var header = TrainingCheckpoint.ReadHeader(checkpointPath);
        var options = header.Options with { Device = device ?? header.Options.Device, Threads = threads ?? header.Options.Threads };
        // The checkpoint's weights replace any pretrained ones: reading those would only cost time.
        var trainer = Create(options, header.Preprocessing, withPretrainedWeights: false);
        TrainingCheckpoint.Restore(checkpointPath, trainer.Model, trainer.optimizer);
        trainer.history.AddRange(header.History);
        trainer.bestValidationEpoch = header.BestValidationEpoch;
        trainer.Run = header.Run;
        return trainer;
    }

    /// <summary>
    /// One pass over <paramref name="train"/> in an order, and with augmentations, drawn from generators seeded
    /// by the seed and <paramref name="epoch"/>. Returns the epoch's metrics without validation (NaN).
    /// </summary>
    /// <exception cref="TrainingDivergedException">A step's loss was not finite (the epoch's weights are not usable).</exception>
    public EpochMetrics TrainOneEpoch(ImageTensorSet train, int epoch, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        Model.train();
        var clock = Stopwatch.StartNew();
        using var epochScope = NewDisposeScope();
        var (order, batches, draws) = PlanEpoch(train.Count, epoch);
        // Summed on the device and read once at the end: reading each step's loss would make the CPU wait for the
        // GPU every batch instead of queueing the next one.
        Tensor lossSum = zeros(1, ScalarType.Float64, Device), correct = zeros(1, ScalarType.Int64, Device);
        // The first batch (from 1) whose loss was not finite, 0 while none: kept on the device for the same reason.
        Tensor firstDivergedBatch = zeros(1, ScalarType.Int64, Device);
        double lr = 0;
        for (int b = 0; b < batches.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (start, length) = batches[b];
            var (x, y) = TrainingBatch(train, order.narrow(0, start, length), draws.narrow(1, start, length));
            lr = LearningRateAt(epoch, b, batches.Count);
            var (loss, hits) = Step(x, y, lr);
            lossSum.add_(loss.to(ScalarType.Float64) * length);
            correct.add_(hits);
            firstDivergedBatch = where(firstDivergedBatch.eq(0).logical_and(loss.isfinite().logical_not()), b + 1, firstDivergedBatch)
                .MoveToOuterDisposeScope();
            progress?.Report(new TrainingProgress(epoch, Options.Epochs, b + 1, batches.Count, null));
        }
        long diverged = firstDivergedBatch.item<long>();
        if (diverged > 0)
        {
            throw new TrainingDivergedException(epoch, (int)diverged, batches.Count);
        }
        int seen = batches.Sum(r => r.Length);
        double meanLoss = lossSum.item<double>() / seen, accuracy = (double)correct.item<long>() / seen;
        double seconds = clock.Elapsed.TotalSeconds;
        return new EpochMetrics(epoch, meanLoss, accuracy, double.NaN, double.NaN, lr, seconds, seen / seconds);
    }

    /// <summary>Predicts every image of <paramref name="set"/> in eval mode, without gradients.</summary>
    public EvaluationResult Evaluate(ImageTensorSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        Model.eval();
        using var noGrad = no_grad();
        var predictions = new List<int>(set.Count);
        double lossSum = 0;
        for (int start = 0; start < set.Count; start += Options.EvaluationBatchSize)
        {
            using var scope = NewDisposeScope();
            int length = Math.Min(Options.EvaluationBatchSize, set.Count - start);
            Tensor x = normalizer.Normalize(TensorNormalizer.ToUnit(set.Images.narrow(0, start, length)));
            Tensor y = set.Labels.narrow(0, start, length);
            Tensor logits = Model.forward(x);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            predictions.AddRange(logits.argmax(1).cpu().data<long>().ToArray().Select(p => (int)p));
        }
        using Tensor labels = set.Labels.cpu();
        return new EvaluationResult
        {
            Loss = set.Count == 0 ? double.NaN : lossSum / set.Count,
            Labels = labels.data<long>().ToArray().Select(l => (int)l).ToArray(),
            Predictions = predictions,
            Classes = Options.Model.NumClasses,
        };
    }

    /// <summary>
    /// Trains from the epoch after <see cref="CompletedEpochs"/> to <see cref="TrainingOptions.Epochs"/>,
    /// validating and writing <see cref="TrainingCheckpoint.LastFileName"/> (and, on a new best validation
    /// accuracy, <see cref="TrainingCheckpoint.BestFileName"/>) into <paramref name="checkpointFolder"/> after
    /// every epoch. Leaves the model holding the weights that <see cref="TrainingOptions.Selection"/> picks.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; the last complete epoch's checkpoint is on disk.</exception>
    /// <exception cref="TrainingDivergedException">A step's loss was not finite; nothing was saved from its epoch.</exception>
    public TrainingResult Fit(ImageTensorSet train, ImageTensorSet validation, string checkpointFolder,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        Directory.CreateDirectory(checkpointFolder);
        string lastPath = Path.Combine(checkpointFolder, TrainingCheckpoint.LastFileName);
        string bestPath = Path.Combine(checkpointFolder, TrainingCheckpoint.BestFileName);
        for (int epoch = CompletedEpochs + 1; epoch <= Options.Epochs; epoch++)
        {
            var trained = TrainOneEpoch(train, epoch, progress, cancellationToken);
            var validated = validation.Count == 0 ? null : Evaluate(validation);
            var metrics = trained with { ValidationLoss = validated?.Loss ?? double.NaN, ValidationAccuracy = validated?.Accuracy ?? double.NaN };
            history.Add(metrics);
            bool isBest = validated is not null && IsBetterThanBest(metrics);
            if (isBest)
            {
                bestValidationEpoch = epoch;
                Snapshot().Save(bestPath, Model, optimizer);
            }
            Snapshot().Save(lastPath, Model, optimizer);
            progress?.Report(new TrainingProgress(epoch, Options.Epochs, 0, 0, metrics));
        }
        int selected = SelectWeights(bestPath);
        var best = bestValidationEpoch > 0 ? history[bestValidationEpoch - 1].ValidationAccuracy : double.NaN;
        return new TrainingResult(history.ToArray(), selected, bestValidationEpoch, best, lastPath);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        optimizer.Dispose();
        normalizer.Dispose();
        scenes?.Dispose();
        Model.Dispose();
    }

    /// <summary>
    /// An epoch's order of the training images (on the device), its batches, and every batch's augmentation draws
    /// (<c>[rows, images]</c> on the device; a batch's columns start where the batch starts in the order), all from
    /// the epoch's generators. The tensors belong to the caller's dispose scope.
    /// </summary>
    internal (Tensor Order, List<(int Start, int Length)> Batches, Tensor Draws) PlanEpoch(int count, int epoch)
    {
        using var generators = EpochGenerators.For(Options.Seed, epoch);
        Tensor order = randperm(count, generator: generators.Shuffle).to(Device);
        var batches = BatchRanges(count);
        // Drawn on the CPU batch by batch, in the order the batches run: the same numbers on every device, and the
        // same as drawing at each batch did; then one copy to the device for the whole epoch.
        using var cpuScope = NewDisposeScope();
        Tensor[] perBatch = batches.Select(batch => augmenter.Draw(batch.Length, generators.Augmentation)).ToArray();
        Tensor draws = (perBatch.Length == 0 ? empty(0, 0) : cat(perBatch, 1)).to(Device).MoveToOuterDisposeScope();
        return (order, batches, draws);
    }

    /// <summary>The augmented, normalised images and the labels of one training batch.</summary>
    internal (Tensor Images, Tensor Labels) TrainingBatch(ImageTensorSet train, Tensor indices, Tensor draws)
    {
        Tensor x = TensorNormalizer.ToUnit(train.Images.index_select(0, indices)); // [B, 3, S, S] in [0, 1]
        x = augmenter.Apply(x, draws);
        return (normalizer.Normalize(x), train.Labels.index_select(0, indices));
    }

    /// <summary>
    /// One optimisation step at learning rate <paramref name="lr"/>: returns the loss and the number of correct
    /// predictions as tensors on the device (reading them waits for the GPU).
    /// </summary>
    internal (Tensor Loss, Tensor Correct) Step(Tensor images, Tensor labels, double lr)
    {
        int index = 0;
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = lr * learningRateScales[index++];
        }
        optimizer.zero_grad();
        Tensor logits = Model.forward(images); // [B, classes]
        Tensor loss = nn.functional.cross_entropy(logits, labels, label_smoothing: Options.LabelSmoothing);
        loss.backward();
        optimizer.step();
        return (loss.detach(), logits.argmax(1).eq(labels).sum());
    }

    /// <summary>
    /// Writes the model as a checkpoint of this run (its options, epochs and history) with another optimizer's state,
    /// one with this trainer's parameter groups (e.g. the <see cref="Teacher"/>'s).
    /// </summary>
    internal void SaveCheckpoint(string path, OptimizerHelper withOptimizer) => Snapshot().Save(path, Model, withOptimizer);

    /// <summary>The learning rate of each parameter group at the last step, in the optimizer's group order.</summary>
    internal IReadOnlyList<double> OptimizerLearningRates() => optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();

    /// <summary>The batches of an epoch as (start, length); a last batch of one image is dropped (batch norm needs two).</summary>
    internal List<(int Start, int Length)> BatchRanges(int count)
    {
        var ranges = new List<(int, int)>();
        for (int start = 0; start < count; start += Options.BatchSize)
        {
            int length = Math.Min(Options.BatchSize, count - start);
            if (length > 1 || count == 1)
            {
                ranges.Add((start, length));
            }
        }
        return ranges;
    }

    private double LearningRateAt(int epoch, int batch, int batchesPerEpoch) => LearningRateSchedule.At(
        step: (long)(epoch - 1) * batchesPerEpoch + batch,
        totalSteps: (long)Options.Epochs * batchesPerEpoch,
        warmupSteps: (long)Math.Min(Options.WarmupEpochs, Options.Epochs) * batchesPerEpoch,
        peak: Options.LearningRate,
        floor: Options.MinLearningRate);

    private bool IsBetterThanBest(EpochMetrics metrics)
    {
        if (bestValidationEpoch == 0)
        {
            return true;
        }
        var best = history[bestValidationEpoch - 1];
        return metrics.ValidationAccuracy > best.ValidationAccuracy
            || (metrics.ValidationAccuracy == best.ValidationAccuracy && metrics.ValidationLoss <= best.ValidationLoss);
    }

    private int SelectWeights(string bestPath)
    {
        if (Options.Selection == CheckpointSelection.BestValidation && bestValidationEpoch > 0 && bestValidationEpoch != history.Count)
        {
            TrainingCheckpoint.Restore(bestPath, Model, optimizer);
            return bestValidationEpoch;
        }
        return history.Count;
    }

    private TrainingCheckpoint Snapshot() => new()
    {
        Options = Options,
        Preprocessing = Preprocessing,
        CompletedEpochs = history.Count,
        History = history.ToArray(),
        BestValidationEpoch = bestValidationEpoch,
        Run = Run,
    };
}
