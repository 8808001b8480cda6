namespace RpsVision.Core.Training;

/// <summary>
/// Random transforms applied to each training image on tensors, on the training device. Geometric transforms
/// (flips, rotations, scale, translation) are combined into one affine warp per image; the area uncovered by
/// the warp is filled with white, the background of the renders. Then brightness and contrast are jittered.
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>No augmentation at all.</summary>
    public static AugmentationOptions None { get; } = new()
    {
        HorizontalFlip = false,
        VerticalFlip = false,
        Rotate90 = false,
        RotationDegrees = 0,
        ScaleJitter = 0,
        TranslateJitter = 0,
        Brightness = 0,
        Contrast = 0,
    };

    /// <summary>Mirror left-right with probability 0.5. Default true.</summary>
    public bool HorizontalFlip { get; init; } = true;

    /// <summary>Mirror top-bottom with probability 0.5. Default true.</summary>
    public bool VerticalFlip { get; init; } = true;

    /// <summary>Rotate by a random multiple of 90° (0, 90, 180 or 270). Default true.</summary>
    public bool Rotate90 { get; init; } = true;

    /// <summary>
    /// Extra rotation drawn uniformly from [-RotationDegrees, +RotationDegrees]; 180 gives any angle.
    /// Default 0 (off); allowed 0 to 180.
    /// </summary>
    public double RotationDegrees { get; init; }

    /// <summary>Zoom factor drawn uniformly from [1 - ScaleJitter, 1 + ScaleJitter]. Default 0.1; allowed 0 to 0.5.</summary>
    public double ScaleJitter { get; init; } = 0.1;

    /// <summary>Shift in each axis drawn uniformly from ±TranslateJitter of the image side. Default 0.1; allowed 0 to 0.5.</summary>
    public double TranslateJitter { get; init; } = 0.1;

    /// <summary>Brightness factor drawn uniformly from [1 - Brightness, 1 + Brightness]. Default 0.2; allowed 0 to 1.</summary>
    public double Brightness { get; init; } = 0.2;

    /// <summary>Contrast factor (around each image's mean) drawn from [1 - Contrast, 1 + Contrast]. Default 0.2; allowed 0 to 1.</summary>
    public double Contrast { get; init; } = 0.2;

    /// <summary>Whether any geometric transform is on.</summary>
    public bool HasGeometry =>
        HorizontalFlip || VerticalFlip || Rotate90 || RotationDegrees > 0 || ScaleJitter > 0 || TranslateJitter > 0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value and the allowed range.</summary>
    public void Validate()
    {
        Check(nameof(RotationDegrees), RotationDegrees, 180);
        Check(nameof(ScaleJitter), ScaleJitter, 0.5);
        Check(nameof(TranslateJitter), TranslateJitter, 0.5);
        Check(nameof(Brightness), Brightness, 1);
        Check(nameof(Contrast), Contrast, 1);
    }

    private static void Check(string name, double value, double max)
    {
        if (!(value >= 0 && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and {max}.");
        }
    }
}
