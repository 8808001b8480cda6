using RpsVision.Core.Data;

namespace RpsVision.Tests.Data;

public class HandIdsTests
{
    [TestCase("rock01-000.png", "rock01")]
    [TestCase("rock05ck01-012.png", "rock05ck01")]
    [TestCase("rock07-k03-055.png", "rock07-k03")]
    [TestCase("testscissors02-010.png", "testscissors02")]
    [TestCase("paper", "paper")]
    public void FromFileName_TfdsNames_IsTextBeforeLastDash(string fileName, string expected)
    {
        Assert.That(HandIds.FromFileName(fileName), Is.EqualTo(expected));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void FromFileName_RealFileNames_SevenTrainHandsOf120PerClass()
    {
        var root = SharedData.Rps28OrNull ?? IgnoreMissingSharedData();
        foreach (var label in RpsLabels.Names)
        {
            var hands = Directory.EnumerateFiles(Path.Combine(root, "rps", label))
                .GroupBy(f => HandIds.FromFileName(Path.GetFileName(f)))
                .ToDictionary(g => g.Key, g => g.Count());
            Assert.That(hands, Has.Count.EqualTo(7), label);
            Assert.That(hands.Values, Is.All.EqualTo(120), label);
        }

        var rockHands = Directory.EnumerateFiles(Path.Combine(root, "rps", "rock"))
            .Select(f => HandIds.FromFileName(Path.GetFileName(f))).ToHashSet();
        Assert.That(rockHands, Does.Contain("rock05ck01").And.Contain("rock07-k03"));
    }

    private static string IgnoreMissingSharedData()
    {
        Assert.Ignore("../shared/data/rps-28px is not next to the repository.");
        return "";
    }
}
