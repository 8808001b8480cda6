namespace RpsVision.Core.Preprocessing;

/// <summary>Why an image was refused; lets a host map each case to its own status code.</summary>
public enum InvalidImageReason
{
    /// <summary>The input is empty.</summary>
    Empty,

    /// <summary>The bytes are not an image in any format ImageSharp knows.</summary>
    NotAnImage,

    /// <summary>The image is in a known format that is not on the allowed list.</summary>
    UnsupportedFormat,

    /// <summary>The file is truncated or its pixel data is corrupt.</summary>
    Corrupt,

    /// <summary>The image has zero width or height.</summary>
    EmptyDimensions,

    /// <summary>The image's dimensions or pixel count exceed the configured limits.</summary>
    TooLarge,

    /// <summary>The image has more frames than allowed (e.g. an animation).</summary>
    TooManyFrames,
}
