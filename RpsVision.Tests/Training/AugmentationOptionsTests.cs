using RpsVision.Core.Runs;
using RpsVision.Core.Training;

namespace RpsVision.Tests.Training;

public class AugmentationOptionsTests
{
    [Test]
    public void Defaults_ArePinned()
    {
        var options = new AugmentationOptions();

        Assert.That((options.HorizontalFlip, options.VerticalFlip, options.Rotate90, options.RotationDegrees), Is.EqualTo((true, true, true, 0.0)));
        Assert.That((options.ScaleJitter, options.TranslateJitter, options.AspectJitter), Is.EqualTo((0.1, 0.1, 0.2)));
        Assert.That((options.BackgroundProbability, options.SceneFraction, options.BackgroundsDirectory, options.MaskThreshold), Is.EqualTo((0.8, 0.5, (string?)null, 0.03)));
        Assert.That((options.Hue, options.Saturation, options.GreyProbability, options.Brightness, options.Contrast), Is.EqualTo((0.15, 0.6, 0.3, 0.2, 0.2)));
        Assert.That((options.BlurProbability, options.MaxBlurSigma), Is.EqualTo((0.3, 1.0)));
        Assert.That(new PipelineOptions().MaxAutoImageSize, Is.EqualTo(48));
    }

    [TestCase(nameof(AugmentationOptions.Hue), 0.6)]
    [TestCase(nameof(AugmentationOptions.BackgroundProbability), 1.5)]
    [TestCase(nameof(AugmentationOptions.MaskThreshold), 0.0)]
    [TestCase(nameof(AugmentationOptions.MaxBlurSigma), 3.0)]
    [TestCase(nameof(AugmentationOptions.ColourCast), 0.6)]
    public void Validate_OutOfRange_NamesTheOption(string name, double value)
    {
        var options = name switch
        {
            nameof(AugmentationOptions.Hue) => new AugmentationOptions { Hue = value },
            nameof(AugmentationOptions.BackgroundProbability) => new AugmentationOptions { BackgroundProbability = value },
            nameof(AugmentationOptions.MaskThreshold) => new AugmentationOptions { MaskThreshold = value },
            nameof(AugmentationOptions.ColourCast) => new AugmentationOptions { ColourCast = value },
            _ => new AugmentationOptions { MaxBlurSigma = value },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.That(error!.ParamName, Is.EqualTo(name));
    }
}
