using System.Diagnostics;
using RpsVision.Core.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// Teaches a trained model a few photos (see <see cref="TeachOptions"/>): every step draws photos and renders at
/// random, augments the photos like the run's training images without compositing (they have their own
/// backgrounds) and the renders exactly as the run did, and takes one AdamW step on both. A fresh optimizer with the
/// teach learning rates (the parent's moments belong to its own schedule); batch norm as the run had it (ResNet18's
/// statistics frozen, RpsNet's updated). On the CPU the same seed gives the same weights.
/// </summary>
internal sealed class Teacher : IDisposable
{
    // The epoch number the teach's generators are derived from: training epochs count from 1.
    private const int TeachEpoch = 0;

    private readonly Trainer trainer;
    private readonly TeachOptions options;
    private readonly AdamW optimizer;
    // Each parameter group's peak learning rate, in the optimizer's group order.
    private readonly double[] peaks;
    private readonly TensorAugmenter photoAugmenter;

    public Teacher(Trainer trainer, TeachOptions options)
    {
        this.trainer = trainer;
        this.options = options;
        var groups = ClassifierNetworks.ParameterGroups(trainer.Model, trainer.Options);
        // ResNet18's groups are its backbone then its head; RpsNet has one.
        peaks = trainer.Model is ResNet18 ? [options.BackboneLearningRate, options.HeadLearningRate] : [options.HeadLearningRate];
        optimizer = optim.AdamW(groups.Select((g, i) => new AdamW.ParamGroup(g.Parameters, lr: peaks[i])),
            lr: options.HeadLearningRate, weight_decay: trainer.Options.WeightDecay);
        photoAugmenter = new TensorAugmenter(trainer.Options.Augmentation with { BackgroundProbability = 0 });
    }

    /// <summary>
    /// Runs <see cref="TeachOptions.Steps"/> steps on <paramref name="photos"/> and <paramref name="renders"/> (both
    /// decoded at the model's input size, on its device) and returns each step's loss, accuracy and learning rate.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled between two steps.</exception>
    /// <exception cref="TrainingDivergedException">A step's loss was not finite.</exception>
    public IReadOnlyList<TeachStep> Run(ImageTensorSet photos, ImageTensorSet renders, IProgress<TeachProgress>? progress, CancellationToken cancellationToken)
    {
        var model = trainer.Model;
        model.train();
        using var generators = EpochGenerators.For(options.Seed, TeachEpoch);
        int rendersPerBatch = renders.Count == 0 ? 0 : options.RendersPerBatch;
        var steps = new List<TeachStep>(options.Steps);
        var clock = Stopwatch.StartNew();
        for (int step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (x, y) = Batch(photos, renders, rendersPerBatch, generators);
            double factor = LearningRateSchedule.At(step, options.Steps, warmupSteps: 0, peak: 1);
            int index = 0;
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = peaks[index++] * factor;
            }
            optimizer.zero_grad();
            Tensor logits = model.forward(x); // [P + R, classes]
            Tensor loss = nn.functional.cross_entropy(logits, y, label_smoothing: trainer.Options.LabelSmoothing);
            loss.backward();
            optimizer.step();
            double lossValue = loss.item<float>();
            if (!double.IsFinite(lossValue))
            {
                throw new TrainingDivergedException(1, step + 1, options.Steps);
            }
            double accuracy = logits.argmax(1).eq(y).sum().item<long>() / (double)y.shape[0];
            var done = new TeachStep(step + 1, lossValue, accuracy, peaks[^1] * factor, clock.Elapsed.TotalSeconds);
            steps.Add(done);
            progress?.Report(new TeachProgress(step + 1, options.Steps, done));
        }
        return steps;
    }

    /// <summary>Writes the taught weights as a checkpoint of the parent's run (its options, epochs and history).</summary>
    public void SaveCheckpoint(string path) => trainer.SaveCheckpoint(path, optimizer);

    /// <summary>The learning rate of each parameter group (before the first step: the peaks), in the optimizer's group order.</summary>
    internal IReadOnlyList<double> LearningRates() => optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();

    public void Dispose() => optimizer.Dispose();

    /// <summary>One step's augmented, normalised images (photos first, then renders) and labels, on the device.</summary>
    private (Tensor Images, Tensor Labels) Batch(ImageTensorSet photos, ImageTensorSet renders, int rendersPerBatch, EpochGenerators generators)
    {
        Device device = trainer.Device;
        // Drawn on the CPU in a fixed order (photo picks, render picks, photo augmentation, render augmentation): the
        // same numbers on every device.
        Tensor photoPicks = Pick(photos.Count, options.PhotosPerBatch, generators.Shuffle).to(device);
        Tensor renderPicks = Pick(renders.Count, rendersPerBatch, generators.Shuffle).to(device);
        Tensor photoDraws = photoAugmenter.Draw(options.PhotosPerBatch, generators.Augmentation).to(device);
        Tensor renderDraws = trainer.Augmenter.Draw(rendersPerBatch, generators.Augmentation).to(device);

        Tensor x = photoAugmenter.Apply(TensorNormalizer.ToUnit(photos.Images.index_select(0, photoPicks)), photoDraws); // [P, 3, S, S]
        Tensor y = photos.Labels.index_select(0, photoPicks);
        if (rendersPerBatch > 0)
        {
            Tensor r = trainer.Augmenter.Apply(TensorNormalizer.ToUnit(renders.Images.index_select(0, renderPicks)), renderDraws); // [R, 3, S, S]
            x = cat([x, r], 0); // [P + R, 3, S, S]
            y = cat([y, renders.Labels.index_select(0, renderPicks)], 0);
        }
        return (trainer.Normalizer.Normalize(x), y);
    }

    /// <summary><paramref name="count"/> indices drawn uniformly from [0, <paramref name="of"/>), with repetition.</summary>
    private static Tensor Pick(int of, int count, Generator generator) =>
        count == 0 ? zeros(0, ScalarType.Int64) : randint(0, of, [count], generator: generator);
}
