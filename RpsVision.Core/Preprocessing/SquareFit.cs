namespace RpsVision.Core.Preprocessing;

/// <summary>How an image that is not square becomes the model's square input.</summary>
public enum SquareFit
{
    /// <summary>Scale each axis on its own to the square: nothing is lost, shapes are squeezed.</summary>
    Stretch,

    /// <summary>
    /// Scale the long side to the square's and fill the rest by repeating the edge pixels (the way a camera frame
    /// would continue), keeping shapes and the whole picture.
    /// </summary>
    Pad,

    /// <summary>Scale the short side to the square's and cut the centre square out: shapes kept, the sides lost.</summary>
    Crop,
}
