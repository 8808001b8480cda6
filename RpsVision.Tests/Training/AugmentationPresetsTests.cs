using RpsVision.Core.Training;

namespace RpsVision.Tests.Training;

public class AugmentationPresetsTests
{
    [Test]
    public void Get_AnyAngle_RotatesByAnyAngleInsteadOfQuarterTurns()
    {
        var anyAngle = AugmentationPresets.Get(AugmentationPresets.AnyAngle);

        Assert.That((anyAngle.Rotate90, anyAngle.RotationDegrees), Is.EqualTo((false, 180.0)));
        Assert.That(anyAngle with { Rotate90 = true, RotationDegrees = 0 }, Is.EqualTo(new AugmentationOptions()));
    }

    [Test]
    public void NameOf_EveryPreset_GivesItsName()
    {
        Assert.That(AugmentationPresets.Names.Select(n => AugmentationPresets.NameOf(AugmentationPresets.Get(n))), Is.EqualTo(AugmentationPresets.Names));
        Assert.That(AugmentationPresets.NameOf(new AugmentationOptions { Brightness = 0.5 }), Is.Null);
    }

    [Test]
    public void Get_UnknownName_ListsTheAllowedOnes()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationPresets.Get("mixup"));

        Assert.That(e!.Message, Does.Contain("'mixup'").And.Contain("default, any-angle, renders, none"));
    }

    [Test]
    public void Renders_DrawsOnlyWhatThePreviousDefaultDrew()
    {
        // rotate90, two flips, zoom, two shifts, brightness, contrast: the same stream of numbers as before the
        // photo preset existed, so the fast preset's recorded figures still reproduce.
        using var generator = new TorchSharp.torch.Generator(1);
        using var draws = new TensorAugmenter(AugmentationPresets.Get(AugmentationPresets.Renders)).Draw(5, generator);

        Assert.That(draws.shape, Is.EqualTo(new long[] { 8, 5 }));
    }
}
