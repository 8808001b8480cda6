using RpsVision.Core.Data;

namespace RpsVision.Tests.Data;

public class OptionsTests
{
    [Test]
    public void DataOptions_Defaults_ArePinned()
    {
        var options = new DataOptions();

        Assert.That(options.DataDir, Is.EqualTo("data"));
        Assert.That(options.AllowDownload, Is.True);
        Assert.That(options.TrainImagesPerClass, Is.EqualTo(840));
        Assert.That(options.TestImagesPerClass, Is.EqualTo(124));
        Assert.That(DataOptions.TrainFolder, Is.EqualTo("rps"));
        Assert.That(DataOptions.TestFolder, Is.EqualTo("rps-test-set"));
        Assert.DoesNotThrow(options.Validate);
    }

    [Test]
    public void DownloadOptions_Defaults_AreTheTfdsArchives()
    {
        var options = new DownloadOptions();

        Assert.That(options.BaseUrl, Is.EqualTo(new Uri("https://storage.googleapis.com/download.tensorflow.org/data/")));
        Assert.That(options.TrainArchive, Is.EqualTo(new DatasetArchive(
            "rps.zip", 200682221, "c2403444395842ad04c53612bad54b574443eae17a0723117a2ff87b9d72194f")));
        Assert.That(options.TestArchive, Is.EqualTo(new DatasetArchive(
            "rps-test-set.zip", 29516758, "c27ab9fa43ce40b2e453de711365b477f4424586edf0388116674fd320f07503")));
        Assert.That(options.MaxAttempts, Is.EqualTo(3));
        Assert.That(options.RetryDelay, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.DoesNotThrow(options.Validate);
    }

    [Test]
    public void SplitOptions_Defaults_AreSeed42Stratified15Percent()
    {
        var options = new SplitOptions();

        Assert.That(options.Seed, Is.EqualTo(42));
        Assert.That(options.ValidationFraction, Is.EqualTo(0.15));
        Assert.That(options.Strategy, Is.EqualTo(SplitStrategy.Stratified));
        Assert.DoesNotThrow(options.Validate);
    }

    [TestCase(-0.1)]
    [TestCase(1.0)]
    [TestCase(double.NaN)]
    public void SplitOptions_FractionOutOfRange_ThrowsNamingValue(double fraction)
    {
        var error = Assert.Throws<ArgumentException>(() => new SplitOptions { ValidationFraction = fraction }.Validate());
        Assert.That(error!.Message, Does.Contain("ValidationFraction").And.Contain("allowed"));
    }

    [Test]
    public void DownloadOptions_BadSha_ThrowsNamingValue()
    {
        var options = new DownloadOptions { TrainArchive = new DatasetArchive("rps.zip", 10, "abc") };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.That(error!.Message, Does.Contain("TrainArchive.Sha256").And.Contain("'abc'"));
    }

    [Test]
    public void DataOptions_ZeroCount_ThrowsNamingValue()
    {
        var error = Assert.Throws<ArgumentException>(() => new DataOptions { TestImagesPerClass = 0 }.Validate());
        Assert.That(error!.Message, Does.Contain("TestImagesPerClass 0"));
    }
}
