using RpsVision.Core.Data;

namespace RpsVision.Tests.Data;

public class RpsLabelsTests
{
    [Test]
    public void Names_InTfdsOrder_RockPaperScissors()
    {
        Assert.That(RpsLabels.Names, Is.EqualTo(new[] { "rock", "paper", "scissors" }));
        Assert.That((RpsLabels.Rock, RpsLabels.Paper, RpsLabels.Scissors), Is.EqualTo((0, 1, 2)));
    }

    [TestCase("rock", 0)]
    [TestCase("paper", 1)]
    [TestCase("scissors", 2)]
    public void IndexOf_KnownName_ReturnsIndex(string name, int expected)
    {
        Assert.That(RpsLabels.IndexOf(name), Is.EqualTo(expected));
        Assert.That(RpsLabels.NameOf(expected), Is.EqualTo(name));
    }

    [Test]
    public void IndexOf_UnknownName_ThrowsListingAllowedNames()
    {
        var error = Assert.Throws<ArgumentException>(() => RpsLabels.IndexOf("lizard"));
        Assert.That(error!.Message, Does.Contain("lizard").And.Contain("rock, paper, scissors"));
    }

    [Test]
    public void NameOf_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RpsLabels.NameOf(3));
    }
}
