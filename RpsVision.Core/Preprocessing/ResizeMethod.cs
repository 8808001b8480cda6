namespace RpsVision.Core.Preprocessing;

/// <summary>The resampling filter used to resize images to the model's input size.</summary>
public enum ResizeMethod
{
    /// <summary>Bilinear (triangle) filter, scaled for downsampling so that it averages over the source area.</summary>
    Bilinear,

    /// <summary>Bicubic filter.</summary>
    Bicubic,

    /// <summary>Nearest neighbour.</summary>
    NearestNeighbor,
}
