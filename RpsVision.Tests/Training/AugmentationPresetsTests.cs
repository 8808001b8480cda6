using RpsVision.Core.Training;
using TorchSharp;

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
    public void Draw_RendersPreset_DrawsAQuarterTurnThenSevenUniforms()
    {
        // Seeded runs of the renders preset reproduce only while it draws the same numbers in the same order: the
        // quarter turn, then the two flips, zoom, two shifts, brightness and contrast.
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(1);
        using var draws = new TensorAugmenter(AugmentationPresets.Get(AugmentationPresets.Renders)).Draw(5, generator);

        using var expected = new torch.Generator(1);
        var rows = new List<float[]> { torch.randint(0, 4, [5], generator: expected).to(torch.ScalarType.Float32).data<float>().ToArray() };
        for (int i = 0; i < 7; i++)
        {
            rows.Add(torch.rand([5], generator: expected).data<float>().ToArray());
        }
        Assert.That(draws.shape, Is.EqualTo(new long[] { rows.Count, 5 }));
        for (int row = 0; row < rows.Count; row++)
        {
            Assert.That(draws[row].data<float>().ToArray(), Is.EqualTo(rows[row]), $"row {row}");
        }
    }
}
