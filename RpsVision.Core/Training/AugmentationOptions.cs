namespace RpsVision.Core.Training;

/// <summary>
/// Random transforms applied to each training image on tensors, on the training device. Geometric transforms
/// (flips, rotations, scale, aspect, translation) are combined into one affine warp per image; the hand is then
/// composited over a random background (else the area uncovered by the warp is white, the renders' background);
/// then hue, saturation, grey, brightness and contrast are jittered, and some images are blurred.
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
        AspectJitter = 0,
        BackgroundProbability = 0,
        Saturation = 0,
        Hue = 0,
        GreyProbability = 0,
        ColourCast = 0,
        BlurProbability = 0,
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

    /// <summary>
    /// Width-to-height stretch drawn log-uniformly from [1 / (1 + AspectJitter), 1 + AspectJitter], as photos of
    /// other aspect ratios squeezed to a square would be. Default 0.2; allowed 0 to 1.
    /// </summary>
    public double AspectJitter { get; init; } = 0.2;

    /// <summary>
    /// Probability that an image's white background is replaced (the hand is composited over a real scene, a solid
    /// colour, a gradient or smooth noise), so that the model learns hands rather than hands-on-white.
    /// Default 0.8; allowed 0 (off) to 1.
    /// </summary>
    public double BackgroundProbability { get; init; } = 0.8;

    /// <summary>
    /// Folder of photographs of real scenes without hands (PNG or JPEG) to cut backgrounds from; null: procedural
    /// backgrounds only. Default null.
    /// </summary>
    public string? BackgroundsDirectory { get; init; }

    /// <summary>Of the replaced backgrounds, the share cut from <see cref="BackgroundsDirectory"/>'s scenes when it is set. Default 0.5; allowed 0 to 1.</summary>
    public double SceneFraction { get; init; } = 0.5;

    /// <summary>
    /// How far below white (on [0, 1]) the darkest channel of a pixel must be before it counts as hand; it is fully
    /// hand at four times this. Default 0.03; allowed 0.005 to 0.25.
    /// </summary>
    public double MaskThreshold { get; init; } = 0.03;

    /// <summary>Saturation factor drawn uniformly from [1 - Saturation, 1 + Saturation]. Default 0.6; allowed 0 to 1.</summary>
    public double Saturation { get; init; } = 0.6;

    /// <summary>
    /// Hue shift drawn uniformly from ±Hue of a full turn (skin tones, white balance, light reflected by the
    /// surroundings). Default 0.15 (±54°): real photos' skin is tinted by their scene, and a model that knows only
    /// the renders' skin tones takes a tinted hand for none. Allowed 0 to 0.5.
    /// </summary>
    public double Hue { get; init; } = 0.15;

    /// <summary>Probability that an image is turned grey. Default 0.3; allowed 0 to 1.</summary>
    public double GreyProbability { get; init; } = 0.3;

    /// <summary>
    /// Colour cast: each channel scaled by its own factor from [1 - ColourCast, 1 + ColourCast], as a white balance
    /// or a coloured light would (the hand and its scene alike). Default 0; allowed 0 to 0.5.
    /// </summary>
    public double ColourCast { get; init; }

    /// <summary>Probability of a Gaussian blur. Default 0.3; allowed 0 to 1.</summary>
    public double BlurProbability { get; init; } = 0.3;

    /// <summary>Largest blur sigma, in pixels of the model input. Default 1.0; allowed 0.1 to 2.</summary>
    public double MaxBlurSigma { get; init; } = 1.0;

    /// <summary>Whether any geometric transform is on.</summary>
    public bool HasGeometry =>
        HorizontalFlip || VerticalFlip || Rotate90 || RotationDegrees > 0 || ScaleJitter > 0 || TranslateJitter > 0 || AspectJitter > 0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value and the allowed range.</summary>
    public void Validate()
    {
        Check(nameof(RotationDegrees), RotationDegrees, 180);
        Check(nameof(ScaleJitter), ScaleJitter, 0.5);
        Check(nameof(TranslateJitter), TranslateJitter, 0.5);
        Check(nameof(Brightness), Brightness, 1);
        Check(nameof(Contrast), Contrast, 1);
        Check(nameof(AspectJitter), AspectJitter, 1);
        Check(nameof(BackgroundProbability), BackgroundProbability, 1);
        Check(nameof(SceneFraction), SceneFraction, 1);
        Check(nameof(Saturation), Saturation, 1);
        Check(nameof(Hue), Hue, 0.5);
        Check(nameof(GreyProbability), GreyProbability, 1);
        Check(nameof(ColourCast), ColourCast, 0.5);
        Check(nameof(BlurProbability), BlurProbability, 1);
        Check(nameof(MaskThreshold), MaskThreshold, 0.25, 0.005);
        Check(nameof(MaxBlurSigma), MaxBlurSigma, 2, 0.1);
        if (BackgroundsDirectory is { Length: 0 })
        {
            throw new ArgumentException("BackgroundsDirectory must name a folder, or be null for procedural backgrounds only.", nameof(BackgroundsDirectory));
        }
    }

    private static void Check(string name, double value, double max, double min = 0)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
        }
    }
}
