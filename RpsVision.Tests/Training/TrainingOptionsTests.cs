using RpsVision.Core.Modeling;
using RpsVision.Core.Training;

namespace RpsVision.Tests.Training;

public class TrainingOptionsTests
{
    [Test]
    public void TrainingOptions_Defaults_ArePinned()
    {
        var options = new TrainingOptions();

        Assert.That(options.Architecture, Is.EqualTo(ModelArchitecture.ResNet18));
        Assert.That(options.PretrainedWeights, Is.Null);
        Assert.That(options.BackboneLearningRateScale, Is.EqualTo(0.1));
        Assert.That(options.FreezeBatchNormStatistics, Is.True);
        Assert.That(options.Epochs, Is.EqualTo(6));
        Assert.That(options.BatchSize, Is.EqualTo(32));
        Assert.That(options.LearningRate, Is.EqualTo(3e-3));
        Assert.That(options.MinLearningRate, Is.EqualTo(0));
        Assert.That(options.WeightDecay, Is.EqualTo(0.05));
        Assert.That(options.WarmupEpochs, Is.EqualTo(1));
        Assert.That(options.LabelSmoothing, Is.EqualTo(0.1));
        Assert.That(options.Seed, Is.EqualTo(42));
        Assert.That(options.Device, Is.EqualTo(TrainingDevice.Auto));
        Assert.That(options.Threads, Is.EqualTo(0));
        Assert.That(options.MixedPrecision, Is.False);
        Assert.That(options.Selection, Is.EqualTo(CheckpointSelection.Last));
        Assert.That(options.EvaluationBatchSize, Is.EqualTo(256));
        Assert.DoesNotThrow(options.Validate);
    }

    [Test]
    public void For_RpsNet_TrainsFromScratchLongerWithBiggerBatches()
    {
        var options = TrainingOptions.For(ModelArchitecture.RpsNet);
        var resnet = new TrainingOptions();

        Assert.That(options with { Architecture = ModelArchitecture.ResNet18, Epochs = 6, BatchSize = 32, WarmupEpochs = 1, Model = resnet.Model, Augmentation = resnet.Augmentation },
            Is.EqualTo(resnet));
        Assert.That((options.Architecture, options.Epochs, options.BatchSize, options.WarmupEpochs), Is.EqualTo((ModelArchitecture.RpsNet, 40, 64, 2)));
    }

    [TestCase(0.0)]
    [TestCase(1.5)]
    public void Validate_BackboneLearningRateScaleOutOfRange_NamesTheFlag(double scale)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { BackboneLearningRateScale = scale }.Validate());

        Assert.That(error!.Message, Does.Contain("--backbone-lr-scale"));
    }

    [Test]
    public void AugmentationOptions_Defaults_ArePinned()
    {
        var options = new AugmentationOptions();

        Assert.That(options.HorizontalFlip, Is.True);
        Assert.That(options.VerticalFlip, Is.True);
        Assert.That(options.Rotate90, Is.True);
        Assert.That(options.RotationDegrees, Is.EqualTo(0));
        Assert.That(options.ScaleJitter, Is.EqualTo(0.1));
        Assert.That(options.TranslateJitter, Is.EqualTo(0.1));
        Assert.That(options.Brightness, Is.EqualTo(0.2));
        Assert.That(options.Contrast, Is.EqualTo(0.2));
    }

    [TestCase(nameof(TrainingOptions.Epochs))]
    [TestCase(nameof(TrainingOptions.BatchSize))]
    [TestCase(nameof(TrainingOptions.LearningRate))]
    [TestCase(nameof(TrainingOptions.WarmupEpochs))]
    [TestCase(nameof(TrainingOptions.LabelSmoothing))]
    public void Validate_OutOfRange_NamesTheOption(string name)
    {
        var options = name switch
        {
            nameof(TrainingOptions.Epochs) => new TrainingOptions { Epochs = 0 },
            nameof(TrainingOptions.BatchSize) => new TrainingOptions { BatchSize = 0 },
            nameof(TrainingOptions.LearningRate) => new TrainingOptions { LearningRate = -1 },
            nameof(TrainingOptions.WarmupEpochs) => new TrainingOptions { WarmupEpochs = -1 },
            _ => new TrainingOptions { LabelSmoothing = 1 },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.That(error!.ParamName, Is.EqualTo(name));
        Assert.That(error.Message, Does.Contain(name));
    }

    [Test]
    public void Validate_RotationBeyond180_IsRejected()
    {
        var options = new TrainingOptions { Augmentation = new AugmentationOptions { RotationDegrees = 200 } };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.That(error!.ParamName, Is.EqualTo(nameof(AugmentationOptions.RotationDegrees)));
    }
}
