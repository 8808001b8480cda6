using RpsVision.Core.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Tests.Training;

public class HandCompositeTests
{
    /// <summary>Compositing alone: no warp, no colour, no blur, every background replaced.</summary>
    private static readonly AugmentationOptions CompositeOnly = AugmentationOptions.None with { BackgroundProbability = 1 };

    [Test]
    public void Alpha_WhiteIsBackground_DarkIsHand_HighlightInsideHandStaysHand()
    {
        using var scope = NewDisposeScope();
        var image = ones(1, 3, 9, 9);
        image[.., .., 2..7, 2..7] = tensor(0.4f);
        image[.., .., 4, 4] = tensor(0.99f); // a highlight inside the hand

        var alpha = HandComposite.Alpha(image, 0.03);

        Assert.That(alpha[0, 0, 0, 0].item<float>(), Is.EqualTo(0f));
        Assert.That(alpha[0, 0, 3, 3].item<float>(), Is.EqualTo(1f));
        Assert.That(alpha[0, 0, 4, 4].item<float>(), Is.EqualTo(1f), "closing fills a one-pixel highlight");
    }

    [Test]
    public void Apply_ProceduralBackgrounds_KeepHandPixels_ReplaceWhite()
    {
        using var scope = NewDisposeScope();
        var batch = HandOnWhite(32);
        using var generator = new Generator(11);

        var output = new TensorAugmenter(CompositeOnly).Apply(batch, generator);

        var hand = HandMask(batch);
        Assert.That((output - batch).abs().mul(hand).max().item<float>(), Is.LessThan(1e-5f), "hand pixels unchanged");
        var changedPerImage = (output - batch).abs().sum(1).gt(0.05f).logical_and(hand[.., 0].logical_not()).sum([1, 2]);
        long backgroundPixels = hand[0, 0].logical_not().sum().item<long>();
        Assert.That(changedPerImage.min().item<long>(), Is.GreaterThan(backgroundPixels / 2),
            "in every image most background pixels are replaced (a solid colour near white may leave a few)");
    }

    [Test]
    public void Apply_SceneBackgrounds_CutFromTheScenesFolder()
    {
        using var scope = NewDisposeScope();
        string folder = Directory.CreateTempSubdirectory("scenes").FullName;
        try
        {
            using (var scene = new Image<Rgb24>(40, 30, new Rgb24(200, 20, 10)))
            {
                scene.SaveAsPng(Path.Combine(folder, "red.png"));
            }
            using var bank = SceneBank.Load(folder, 32, CPU);
            var batch = HandOnWhite(8);
            using var generator = new Generator(5);

            var output = new TensorAugmenter(CompositeOnly with { SceneFraction = 1 }, bank).Apply(batch, generator);

            var background = HandMask(batch).logical_not()[.., 0]; // [N, S, S]
            var red = tensor(new[] { 200f / 255, 20f / 255, 10f / 255 }).view(1, 3, 1, 1);
            var distance = (output - red).abs().amax([1]); // [N, S, S]
            Assert.That(distance.masked_select(background).max().item<float>(), Is.LessThan(0.01f));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void SceneBank_Load_EmptyFolder_NamesTheFolder()
    {
        string folder = Directory.CreateTempSubdirectory("scenes").FullName;
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => SceneBank.Load(folder, 32, CPU).Dispose());
            Assert.That(error!.Message, Does.Contain(folder));
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Test]
    public void Apply_Everything_StaysInUnitRange_AndMatchesItsDraws()
    {
        using var scope = NewDisposeScope();
        var augmenter = new TensorAugmenter(new AugmentationOptions { RotationDegrees = 20 });
        var batch = HandOnWhite(16);
        using var first = new Generator(3);
        using var second = new Generator(3);

        var a = augmenter.Apply(batch, first);
        var b = augmenter.Apply(batch, second);

        Assert.That(a.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
        Assert.That(a.max().item<float>(), Is.LessThanOrEqualTo(1f));
        Assert.That(a.equal(b).all().item<bool>(), Is.True);
    }

    /// <summary>A dark square "hand" on white, 16x16.</summary>
    private static Tensor HandOnWhite(int count)
    {
        var images = ones(count, 3, 16, 16);
        images[.., 0, 4..12, 4..12] = tensor(0.55f);
        images[.., 1, 4..12, 4..12] = tensor(0.35f);
        images[.., 2, 4..12, 4..12] = tensor(0.25f);
        return images;
    }

    /// <summary>Pixels of <see cref="HandOnWhite"/>'s square, [N, 1, S, S].</summary>
    private static Tensor HandMask(Tensor images) => images.amin([1], keepdim: true).lt(0.9f);
}
