using RpsVision.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Tests.Training;

public class TensorAugmenterTests
{
    [Test]
    public void Apply_Rotate90Only_GivesAnExactQuarterTurnOrIdentity()
    {
        using var scope = NewDisposeScope();
        var augmenter = new TensorAugmenter(AugmentationOptions.None with { Rotate90 = true });
        var image = rand(1, 3, 8, 8);
        var batch = image.expand(32, 3, 8, 8).contiguous();
        using var generator = new Generator(3);

        var output = augmenter.Apply(batch, generator);

        var turns = Enumerable.Range(0, 4).Select(k => image.rot90(k, (2, 3))).ToArray();
        for (int i = 0; i < 32; i++)
        {
            Assert.That(turns.Any(t => (output[i] - t[0]).abs().max().item<float>() < 1e-5f), Is.True, $"image {i}");
        }
        Assert.That(turns.Count(t => Enumerable.Range(0, 32).Any(i => (output[i] - t[0]).abs().max().item<float>() < 1e-5f)), Is.GreaterThan(1));
    }

    [Test]
    public void Apply_ColourCastOnly_ScalesEachChannelByItsOwnGainWithinTheRange()
    {
        using var scope = NewDisposeScope();
        var augmenter = new TensorAugmenter(AugmentationOptions.None with { ColourCast = 0.3 });
        var batch = rand(16, 3, 8, 8) * 0.4 + 0.2; // no clamping at gains up to 1.3
        using var generator = new Generator(5);

        var output = augmenter.Apply(batch, generator);

        var gains = output / batch; // [16, 3, 8, 8]
        var perChannel = gains.mean([2, 3]);
        Assert.That((gains - perChannel.view(16, 3, 1, 1)).abs().max().item<float>(), Is.LessThan(1e-4f), "one gain per channel");
        Assert.That(perChannel.min().item<float>(), Is.GreaterThanOrEqualTo(0.7f - 1e-4f));
        Assert.That(perChannel.max().item<float>(), Is.LessThanOrEqualTo(1.3f + 1e-4f));
        Assert.That((perChannel[.., 0] - perChannel[.., 1]).abs().max().item<float>(), Is.GreaterThan(0.05f), "channels get different gains");
    }

    [Test]
    public void Apply_None_LeavesImagesUnchanged()
    {
        using var scope = NewDisposeScope();
        var batch = rand(4, 3, 8, 8);
        using var generator = new Generator(3);

        var output = new TensorAugmenter(AugmentationOptions.None).Apply(batch, generator);

        Assert.That(output.equal(batch).all().item<bool>(), Is.True);
    }

    [Test]
    public void Apply_Translation_FillsUncoveredPixelsWithWhite()
    {
        using var scope = NewDisposeScope();
        var augmenter = new TensorAugmenter(AugmentationOptions.None with { TranslateJitter = 0.5 });
        var black = zeros(16, 3, 8, 8);
        using var generator = new Generator(5);

        var output = augmenter.Apply(black, generator);

        Assert.That(output.max().item<float>(), Is.EqualTo(1f).Within(1e-5f));
        Assert.That(output.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
    }

    [Test]
    public void Apply_SameGeneratorSeed_GivesSameBatch()
    {
        using var scope = NewDisposeScope();
        var augmenter = new TensorAugmenter(new AugmentationOptions { RotationDegrees = 30 });
        var batch = rand(4, 3, 8, 8);
        using var first = new Generator(9);
        using var second = new Generator(9);

        Assert.That(augmenter.Apply(batch, first).equal(augmenter.Apply(batch, second)).all().item<bool>(), Is.True);
    }

    [Test]
    public void Apply_WithDrawsMadeBeforehand_EqualsApplyWithTheGenerator()
    {
        // The trainer draws an epoch's numbers up front (one copy to the GPU); the result must not change.
        using var scope = NewDisposeScope();
        var augmenter = new TensorAugmenter(new AugmentationOptions { RotationDegrees = 30 });
        var batch = rand(6, 3, 8, 8);
        using var first = new Generator(11);
        using var second = new Generator(11);

        var draws = augmenter.Draw(6, second);
        var output = augmenter.Apply(batch, draws);

        // rotate90, angle, 2 flips, zoom, aspect, 2 shifts; background 14 + noise field; 5 colours; 2 blur
        Assert.That(draws.shape, Is.EqualTo(new long[] { 8 + 14 + 3 * TensorAugmenter.NoiseCells * TensorAugmenter.NoiseCells + 5 + 2, 6 }));
        Assert.That(output.equal(augmenter.Apply(batch, first)).all().item<bool>(), Is.True);
        Assert.That(new TensorAugmenter(AugmentationOptions.None).Draw(6, second).shape, Is.EqualTo(new long[] { 0, 6 }));
    }

    [Test]
    public void Apply_DrawsForOtherOptions_Throws()
    {
        using var scope = NewDisposeScope();
        var batch = rand(2, 3, 8, 8);
        using var generator = new Generator(4);
        var draws = new TensorAugmenter(new AugmentationOptions()).Draw(2, generator);

        Assert.Throws<ArgumentException>(() => new TensorAugmenter(AugmentationOptions.None with { Rotate90 = true }).Apply(batch, draws));
    }
}
