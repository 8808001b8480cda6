using RpsVision.Core.Preprocessing;
using RpsVision.Tests.Serving;

namespace RpsVision.Tests.Preprocessing;

[TestFixture]
public sealed class TruncationCheckTests
{
    [Category(TestCategories.SharedData)]
    [Test]
    public void Inspect_RealPhotoCutInHalf_ThrowsCorrupt()
    {
        // ImageSharp decodes this without error (the lost rows come out grey); Inspect must refuse it.
        byte[] photo = ServingModels.Photo(0);

        var error = Assert.Throws<InvalidImageException>(() => ImagePreprocessor.Inspect(photo.AsSpan(0, photo.Length / 2), new ImageLimits()));

        Assert.That(error!.Reason, Is.EqualTo(InvalidImageReason.Corrupt));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Inspect_PhotoMissingOnlyItsIend_ThrowsCorrupt()
    {
        byte[] photo = ServingModels.Photo(1);

        var error = Assert.Throws<InvalidImageException>(() => ImagePreprocessor.Inspect(photo.AsSpan(0, photo.Length - 12), new ImageLimits()));

        Assert.That(error!.Reason, Is.EqualTo(InvalidImageReason.Corrupt));
    }

    [Category(TestCategories.SharedData)]
    [Test]
    public void Inspect_CompletePhotoWithTrailingBytes_IsAccepted()
    {
        byte[] photo = [.. ServingModels.Photo(2), 0, 0, 0];

        ImageHeader header = ImagePreprocessor.Inspect(photo, new ImageLimits());

        Assert.That((header.Width, header.Height), Is.EqualTo((300, 200)));
    }
}
