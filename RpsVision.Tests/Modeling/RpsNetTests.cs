using RpsVision.Core.Modeling;
using TorchSharp;

namespace RpsVision.Tests.Modeling;

public class RpsNetTests
{
    [TestCase(28)]
    [TestCase(64)]
    public void Forward_BatchOfImages_GivesOneLogitPerClass(int size)
    {
        using var scope = torch.NewDisposeScope();
        using var model = new RpsNet(new RpsNetOptions());
        model.eval();

        var logits = model.forward(torch.randn(5, 3, size, size));

        Assert.That(logits.shape, Is.EqualTo(new long[] { 5, 3 }));
    }

    [Test]
    public void ParameterCount_DefaultOptions_IsAboutTheSizeThisProblemNeeds()
    {
        using var model = new RpsNet(new RpsNetOptions());

        Assert.That(model.ParameterCount(), Is.InRange(250_000, 320_000));
    }

    [Test]
    public void RpsNetOptions_Defaults_ArePinned()
    {
        var options = new RpsNetOptions();

        Assert.That(options.NumClasses, Is.EqualTo(3));
        Assert.That(options.StageChannels, Is.EqualTo(new[] { 32, 64, 128 }));
        Assert.That(options.Dropout, Is.EqualTo(0.2));
    }

    [Test]
    public void RpsNetOptions_DropoutOfOne_IsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RpsNetOptions { Dropout = 1.0 }.Validate());

        Assert.That(error!.ParamName, Is.EqualTo("Dropout"));
    }
}
