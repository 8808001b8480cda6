using System.Globalization;

namespace RpsVision.Core.Training;

/// <summary>The augmentation in words, for the run report's augmentation row; beside the options it describes.</summary>
internal static class AugmentationDescription
{
    /// <summary>The augmentation in words, e.g. "horizontal and vertical flips, 90° rotations, scale ±10%, …".</summary>
    public static string Describe(AugmentationOptions a)
    {
        var parts = new List<string>();
        string? flips = (a.HorizontalFlip, a.VerticalFlip) switch
        {
            (true, true) => "horizontal and vertical flips",
            (true, false) => "horizontal flips",
            (false, true) => "vertical flips",
            _ => null,
        };
        var c = CultureInfo.InvariantCulture;
        if (flips is not null)
        {
            parts.Add(flips);
        }
        if (a.Rotate90)
        {
            parts.Add("90° rotations");
        }
        if (a.RotationDegrees > 0)
        {
            parts.Add(string.Create(c, $"rotation up to ±{a.RotationDegrees:0.#}°"));
        }
        foreach (var (name, value, of) in new[]
                 {
                     ("scale", a.ScaleJitter, ""), ("translation", a.TranslateJitter, " of the side"), ("brightness", a.Brightness, ""), ("contrast", a.Contrast, ""),
                 })
        {
            if (value > 0)
            {
                parts.Add(string.Create(c, $"{name} ±{value * 100:0.#}%{of}"));
            }
        }
        if (a.AspectJitter > 0)
        {
            parts.Add(string.Create(c, $"aspect up to {1 + a.AspectJitter:0.##}:1"));
        }
        if (a.BackgroundProbability > 0)
        {
            string scenes = a.BackgroundsDirectory is null
                ? "solid colours, gradients and smooth noise"
                : string.Create(c, $"scenes from {a.BackgroundsDirectory} ({a.SceneFraction * 100:0.#}%), solid colours, gradients and smooth noise");
            parts.Add(string.Create(c, $"hand over a random background in {a.BackgroundProbability * 100:0.#}% of images ({scenes})"));
        }
        if (a.Hue > 0 || a.Saturation > 0)
        {
            parts.Add(string.Create(c, $"hue ±{a.Hue * 360:0.#}°, saturation ±{a.Saturation * 100:0.#}%"));
        }
        if (a.GreyProbability > 0)
        {
            parts.Add(string.Create(c, $"grey in {a.GreyProbability * 100:0.#}%"));
        }
        if (a.ColourCast > 0)
        {
            parts.Add(string.Create(c, $"colour cast ±{a.ColourCast * 100:0.#}% per channel"));
        }
        if (a.BlurProbability > 0)
        {
            parts.Add(string.Create(c, $"blur up to sigma {a.MaxBlurSigma:0.##} px in {a.BlurProbability * 100:0.#}%"));
        }
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
