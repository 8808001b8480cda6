namespace RpsVision.Core.Training;

/// <summary>
/// The named augmentation presets of the training job (<c>--augment</c>), beside the options they set, as
/// torchvision keeps its presets in one file.
/// </summary>
public static class AugmentationPresets
{
    /// <summary>
    /// For real photographs: flips, 90° rotations, scale, aspect and translation, the hand composited over random
    /// backgrounds (real scenes when a backgrounds folder is given, else procedural), hue, saturation, grey,
    /// brightness, contrast and blur: <c>new AugmentationOptions()</c>.
    /// </summary>
    public const string Default = "default";

    /// <summary>As <see cref="Default"/> but rotated by any angle in ±180° instead of multiples of 90°.</summary>
    public const string AnyAngle = "any-angle";

    /// <summary>
    /// For the renders alone (the fast preset's augmentation): flips, 90° rotations, scale/translation,
    /// brightness/contrast on the renders' white; no compositing, no hue, saturation or blur.
    /// </summary>
    public const string Renders = "renders";

    /// <summary>No augmentation: <see cref="AugmentationOptions.None"/>.</summary>
    public const string None = "none";

    /// <summary>Every preset name, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } = [Default, AnyAngle, Renders, None];

    /// <summary>The options of the preset named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="name"/> is not one of <see cref="Names"/>.</exception>
    public static AugmentationOptions Get(string name) => name switch
    {
        Default => new AugmentationOptions(),
        AnyAngle => new AugmentationOptions { Rotate90 = false, RotationDegrees = 180 },
        Renders => AugmentationOptions.None with
        {
            HorizontalFlip = true, VerticalFlip = true, Rotate90 = true, ScaleJitter = 0.1, TranslateJitter = 0.1, Brightness = 0.2, Contrast = 0.2,
        },
        None => AugmentationOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name,
            $"Unknown augmentation preset '{name}'; allowed: {string.Join(", ", Names)}."),
    };

    /// <summary>The name of the preset equal to <paramref name="options"/>, or null when they match none.</summary>
    public static string? NameOf(AugmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Names.FirstOrDefault(name => Get(name) == options);
    }
}
