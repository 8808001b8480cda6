namespace RpsVision.Core.Runs;

/// <summary>What the exploratory data analysis report shows.</summary>
public sealed class EdaOptions
{
    /// <summary>Sample images per class in the grid (one row per class). Default 8, range 1..64.</summary>
    public int SamplesPerClass { get; set; } = 8;

    /// <summary>Side of a grid cell in pixels; each sample is scaled to fit, keeping its aspect ratio. Default 96, range 8..1024.</summary>
    public int TileSize { get; set; } = 96;

    /// <summary>Checks every value; the message names the bad value and the allowed ones.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (SamplesPerClass is < 1 or > 64)
        {
            throw new ArgumentException($"SamplesPerClass {SamplesPerClass} is out of range; allowed 1..64.");
        }

        if (TileSize is < 8 or > 1024)
        {
            throw new ArgumentException($"TileSize {TileSize} is out of range; allowed 8..1024.");
        }
    }
}
