using RpsVision.Core.Preprocessing;
using RpsVision.Tests.Inference;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace RpsVision.Tests.Preprocessing;

public class ImagePreprocessorTests
{
    private static readonly ImageLimits Limits = new();

    private static byte[] Png<TPixel>(int width, int height, TPixel colour) where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = new Image<TPixel>(width, height, colour);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    [Test]
    public void DecodeResized_RgbaWithTransparency_CompositesOverWhite()
    {
        byte[] png = Png(10, 10, new Rgba32(0, 0, 0, 0));

        byte[] rgb = ImagePreprocessor.DecodeResized(png, new PreprocessingOptions { InputSize = 8 }, Limits);

        Assert.That(rgb, Has.Length.EqualTo(8 * 8 * 3));
        Assert.That(rgb, Is.All.EqualTo(255));
    }

    [Test]
    public void DecodeResized_HalfTransparentRed_BlendsWithBackground()
    {
        byte[] png = Png(8, 8, new Rgba32(255, 0, 0, 128));

        byte[] rgb = ImagePreprocessor.DecodeResized(png, new PreprocessingOptions { InputSize = 8 }, Limits);

        Assert.That(rgb[0], Is.EqualTo(255));
        Assert.That(rgb[1], Is.InRange(125, 129));
        Assert.That(rgb[2], Is.InRange(125, 129));
    }

    [Test]
    public void DecodeResized_Grayscale_RepeatsTheGreyInEveryChannel()
    {
        byte[] png = Png(12, 12, new L8(77));

        byte[] rgb = ImagePreprocessor.DecodeResized(png, new PreprocessingOptions { InputSize = 8 }, Limits);

        Assert.That(rgb, Is.All.EqualTo(77));
    }

    [Test]
    public void DecodeResized_OddNonSquareSize_StretchesToTheSquareInput()
    {
        using var image = new Image<Rgb24>(31, 17);
        // Left half red, right half blue: stretching keeps the left/right layout.
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    row[x] = x < 15 ? new Rgb24(255, 0, 0) : new Rgb24(0, 0, 255);
                }
            }
        });
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);

        byte[] rgb = ImagePreprocessor.DecodeResized(stream.ToArray(), new PreprocessingOptions { InputSize = 16, Fit = SquareFit.Stretch }, Limits);

        int leftPixel = (8 * 16 + 1) * 3;
        int rightPixel = (8 * 16 + 14) * 3;
        Assert.That(rgb[leftPixel], Is.EqualTo(255));
        Assert.That(rgb[leftPixel + 2], Is.EqualTo(0));
        Assert.That(rgb[rightPixel], Is.EqualTo(0));
        Assert.That(rgb[rightPixel + 2], Is.EqualTo(255));
    }

    [Test]
    public void DecodeResized_PadWidePhoto_KeepsShapes_AndRepeatsTheEdgeRows()
    {
        // 32x16: top quarter red, middle green, bottom quarter blue. Padded to 16: the image is 16x8 in rows 4-11,
        // and the bands above and below repeat its top (red) and bottom (blue) rows.
        byte[] png = Bands(32, 16, y => y < 4 ? new Rgb24(255, 0, 0) : y >= 12 ? new Rgb24(0, 0, 255) : new Rgb24(0, 255, 0), horizontal: true);

        byte[] rgb = ImagePreprocessor.DecodeResized(png, new PreprocessingOptions { InputSize = 16, Fit = SquareFit.Pad }, Limits);

        Assert.That(Pixel(rgb, 16, 8, 0), Is.EqualTo(new Rgb24(255, 0, 0)), "band above: the top row repeated");
        Assert.That(Pixel(rgb, 16, 8, 4), Is.EqualTo(new Rgb24(255, 0, 0)), "the image's own top row");
        Assert.That(Pixel(rgb, 16, 8, 7), Is.EqualTo(new Rgb24(0, 255, 0)), "its middle: only a quarter of the square, not half as stretched");
        Assert.That(Pixel(rgb, 16, 8, 15), Is.EqualTo(new Rgb24(0, 0, 255)), "band below: the bottom row repeated");
    }

    [Test]
    public void DecodeResized_CropWidePhoto_KeepsTheCentreSquare()
    {
        // 32x16: left quarter red, middle half green, right quarter blue; the centre 16x16 is all green.
        byte[] png = Bands(32, 16, x => x < 8 ? new Rgb24(255, 0, 0) : x >= 24 ? new Rgb24(0, 0, 255) : new Rgb24(0, 255, 0), horizontal: false);

        byte[] rgb = ImagePreprocessor.DecodeResized(png, new PreprocessingOptions { InputSize = 16, Fit = SquareFit.Crop }, Limits);

        Assert.That(Pixel(rgb, 16, 1, 8), Is.EqualTo(new Rgb24(0, 255, 0)));
        Assert.That(Pixel(rgb, 16, 14, 8), Is.EqualTo(new Rgb24(0, 255, 0)));
    }

    [TestCase(SquareFit.Stretch)]
    [TestCase(SquareFit.Pad)]
    [TestCase(SquareFit.Crop)]
    public void DecodeResized_SquareImage_IsTheSameForEveryFit(SquareFit fit)
    {
        byte[] png = Bands(24, 24, y => new Rgb24((byte)(y * 10), 0, 0), horizontal: true);

        byte[] stretched = ImagePreprocessor.DecodeResized(png, new PreprocessingOptions { InputSize = 12, Fit = SquareFit.Stretch }, Limits);
        byte[] fitted = ImagePreprocessor.DecodeResized(png, new PreprocessingOptions { InputSize = 12, Fit = fit }, Limits);

        Assert.That(fitted, Is.EqualTo(stretched));
    }

    private static byte[] Bands(int width, int height, Func<int, Rgb24> colourAt, bool horizontal)
    {
        using var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = colourAt(horizontal ? y : x);
            }
        }
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static Rgb24 Pixel(byte[] rgb, int size, int x, int y)
    {
        int offset = (y * size + x) * 3;
        return new Rgb24(rgb[offset], rgb[offset + 1], rgb[offset + 2]);
    }

    [Test]
    public void Normalize_KnownBytes_GivesChannelFirstNormalisedValues()
    {
        var options = new PreprocessingOptions { InputSize = 8, Mean = [0.5f, 0.25f, 0f], Std = [0.5f, 0.25f, 1f] };
        byte[] rgb = new byte[8 * 8 * 3];
        for (int i = 0; i < 64; i++)
        {
            rgb[i * 3] = 255;
            rgb[i * 3 + 1] = 0;
            rgb[i * 3 + 2] = 51;
        }
        float[] chw = new float[rgb.Length];

        ImagePreprocessor.Normalize(rgb, options, chw);

        Assert.That(chw[0], Is.EqualTo(1f).Within(1e-6));     // (1 - 0.5) / 0.5
        Assert.That(chw[64], Is.EqualTo(-1f).Within(1e-6));   // (0 - 0.25) / 0.25
        Assert.That(chw[128], Is.EqualTo(0.2f).Within(1e-6)); // 51/255
    }

    [Test]
    public void Inspect_PngClaimingHugeDimensions_IsRefusedBeforeDecoding()
    {
        byte[] png = Png(4, 4, new Rgb24(1, 2, 3));
        // Rewrite the IHDR width and height to 50000 x 50000 (the CRC stays wrong; the header is read first).
        byte[] bomb = (byte[])png.Clone();
        byte[] side = [0x00, 0x00, 0xC3, 0x50];
        side.CopyTo(bomb, 16);
        side.CopyTo(bomb, 20);

        var error = Assert.Throws<InvalidImageException>(() => ImagePreprocessor.Inspect(bomb, Limits));

        Assert.That(error!.Reason, Is.AnyOf(InvalidImageReason.TooLarge, InvalidImageReason.Corrupt));
    }

    [Test]
    public void Inspect_NotAnImage_ThrowsNotAnImage()
    {
        var error = Assert.Throws<InvalidImageException>(() => ImagePreprocessor.Inspect("hello, world"u8.ToArray(), Limits));

        Assert.That(error!.Reason, Is.EqualTo(InvalidImageReason.NotAnImage));
    }

    [Test]
    public void Inspect_Empty_ThrowsEmpty()
    {
        var error = Assert.Throws<InvalidImageException>(() => ImagePreprocessor.Inspect([], Limits));

        Assert.That(error!.Reason, Is.EqualTo(InvalidImageReason.Empty));
    }

    [Test]
    public void Inspect_FormatNotAllowed_ThrowsUnsupportedFormat()
    {
        byte[] png = Png(4, 4, new Rgb24(1, 2, 3));

        var error = Assert.Throws<InvalidImageException>(() => ImagePreprocessor.Inspect(png, new ImageLimits { AllowedFormats = ["JPEG"] }));

        Assert.That(error!.Reason, Is.EqualTo(InvalidImageReason.UnsupportedFormat));
    }

    [Test]
    public void DecodeResized_TruncatedPng_ThrowsCorrupt()
    {
        byte[] truncated = BadImageFiles.Truncated();

        var error = Assert.Throws<InvalidImageException>(() =>
            ImagePreprocessor.DecodeResized(truncated, new PreprocessingOptions { InputSize = 8 }, Limits));

        Assert.That(error!.Reason, Is.EqualTo(InvalidImageReason.Corrupt));
    }

    [Test]
    public void PrepareForInference_LargePhoto_ReadsTheEncodedBytesWithoutCopyingThem()
    {
        // A noisy 200x200 PNG is larger than the large-object-heap threshold, as the real photos are; a copy of
        // it per request made the server run a full garbage collection every few hundred requests.
        using var image = BadImageFiles.Noise(200, 200);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        byte[] png = stream.ToArray();
        var options = new PreprocessingOptions { InputSize = 28 };
        float[] tensor = new float[ImagePreprocessor.RgbLength(options)];
        ImagePreprocessor.PrepareForInference(png, options, Limits, tensor); // first call: pools and statics fill up

        long before = GC.GetAllocatedBytesForCurrentThread();
        ImagePreprocessor.PrepareForInference(png, options, Limits, tensor);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(png, Has.Length.GreaterThan(85_000));
        Assert.That(allocated, Is.LessThan(png.Length / 2), "managed bytes allocated by one preprocessing");
    }

    [Test]
    public void ImageLimits_Defaults_ArePinned()
    {
        var limits = new ImageLimits();

        Assert.That(limits.MaxDimension, Is.EqualTo(8192));
        Assert.That(limits.MaxPixels, Is.EqualTo(25_000_000));
        Assert.That(limits.MaxFrames, Is.EqualTo(1));
        Assert.That(limits.AllowedFormats, Is.EquivalentTo(new[] { "PNG", "JPEG", "BMP", "GIF", "WEBP" }));
    }

    [Test]
    public void PreprocessingOptions_Defaults_ArePinned()
    {
        var options = new PreprocessingOptions { InputSize = 28 };

        Assert.That(options.Mean, Is.EqualTo(new[] { 0.485f, 0.456f, 0.406f }));
        Assert.That(options.Std, Is.EqualTo(new[] { 0.229f, 0.224f, 0.225f }));
        Assert.That(options.Resize, Is.EqualTo(ResizeMethod.Bilinear));
        Assert.That(options.Background, Is.EqualTo(255));
        Assert.That(options.Fit, Is.EqualTo(SquareFit.Pad));
        Assert.That(options.ChannelOrder, Is.EqualTo("RGB"));
    }

    [TestCase(4)]
    [TestCase(2048)]
    public void PreprocessingOptions_InputSizeOutOfRange_ValidateNamesIt(int size)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PreprocessingOptions { InputSize = size }.Validate());

        Assert.That(error!.ParamName, Is.EqualTo("InputSize"));
    }
}
