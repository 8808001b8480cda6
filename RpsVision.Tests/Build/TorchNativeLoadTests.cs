using TorchSharp;

namespace RpsVision.Tests.Build;

/// <summary>Proves that libtorch and TorchSharp's native bridge load on this machine (see the GLIBCXX fix).</summary>
public class TorchNativeLoadTests
{
    [Test]
    public void TorchOnes_OnCpu_ComputesASum()
    {
        using var ones = torch.ones(2, 3);
        using var sum = ones.sum();

        Assert.That(sum.item<float>(), Is.EqualTo(6f));
    }
}
