using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace RpsVision.Tests.Web;

[TestFixture]
public sealed class FakeCameraTests
{
    [Test]
    public void WriteY4m_OddSizedPicture_WritesTheHeaderAndFramesOfPlanesRoundedUp()
    {
        using var image = new Image<Rgb24>(3, 3, new Rgb24(128, 128, 128));
        using var output = new MemoryStream();

        FakeCamera.WriteY4m(image, output, frames: 2);

        byte[] bytes = output.ToArray();
        const string header = "YUV4MPEG2 W3 H3 F25:1 Ip A1:1 C420jpeg\n";
        int frameBytes = "FRAME\n".Length + 3 * 3 + 2 * (2 * 2);
        Assert.That(Encoding.ASCII.GetString(bytes, 0, header.Length), Is.EqualTo(header));
        Assert.That(bytes, Has.Length.EqualTo(header.Length + 2 * frameBytes));
        Assert.That(Encoding.ASCII.GetString(bytes, header.Length + frameBytes, 6), Is.EqualTo("FRAME\n"));
    }

    [TestCase(0, 0, 0, 16, 128, 128)]
    [TestCase(255, 255, 255, 235, 128, 128)]
    [TestCase(255, 0, 0, 81, 90, 240)]
    [TestCase(0, 0, 255, 41, 240, 110)]
    public void ToYuv420_PlainColour_GivesBt601LimitedRangeValues(int r, int g, int b, int y, int u, int v)
    {
        using var image = new Image<Rgb24>(2, 2, new Rgb24((byte)r, (byte)g, (byte)b));

        byte[] planes = FakeCamera.ToYuv420(image);

        Assert.That(planes, Is.EqualTo(new byte[] { (byte)y, (byte)y, (byte)y, (byte)y, (byte)u, (byte)v }));
    }

    [Test]
    public void ToYuv420_LeftHalfBlackRightHalfWhite_KeepsLumaPerPixelAndAveragesChromaPerBlock()
    {
        using var image = new Image<Rgb24>(4, 2, new Rgb24(0, 0, 0));
        image[2, 0] = image[3, 0] = image[2, 1] = image[3, 1] = new Rgb24(255, 255, 255);
        image[0, 0] = new Rgb24(255, 0, 0);

        byte[] planes = FakeCamera.ToYuv420(image);

        Assert.That(planes[..8], Is.EqualTo(new byte[] { 81, 16, 235, 235, 16, 16, 235, 235 }));
        // Block 0 holds one red pixel among three black ones: a quarter of red's chroma offsets.
        Assert.That(planes[8], Is.EqualTo((byte)Math.Round(128 - 37.797 / 4)));
        Assert.That(planes[10], Is.EqualTo((byte)Math.Round(128 + 112.0 / 4)));
        Assert.That((planes[9], planes[11]), Is.EqualTo(((byte)128, (byte)128)));
    }
}
