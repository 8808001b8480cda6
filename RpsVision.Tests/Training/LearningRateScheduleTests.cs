using RpsVision.Core.Training;

namespace RpsVision.Tests.Training;

public class LearningRateScheduleTests
{
    [Test]
    public void At_WarmUp_RisesLinearlyToPeak()
    {
        Assert.That(LearningRateSchedule.At(0, 100, 10, peak: 1.0), Is.EqualTo(0.1).Within(1e-12));
        Assert.That(LearningRateSchedule.At(9, 100, 10, peak: 1.0), Is.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void At_AfterWarmUp_DecaysMonotonicallyTowardsFloor()
    {
        var rates = Enumerable.Range(10, 90).Select(s => LearningRateSchedule.At(s, 100, 10, peak: 1.0, floor: 0.01)).ToArray();

        Assert.That(rates[0], Is.EqualTo(1.0).Within(1e-12));
        Assert.That(rates, Is.Ordered.Descending);
        Assert.That(rates[^1], Is.LessThan(0.02).And.GreaterThan(0.01));
        Assert.That(LearningRateSchedule.At(100, 100, 10, peak: 1.0, floor: 0.01), Is.EqualTo(0.01).Within(1e-12));
    }

    [Test]
    public void At_WarmUpLongerThanRun_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.At(0, 10, 11, peak: 1.0));
    }
}
