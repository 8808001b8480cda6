namespace RpsVision.Core.Preprocessing;

/// <summary>What an image's header says, read without decoding its pixels.</summary>
/// <param name="Format">ImageSharp's format name, e.g. "PNG" or "JPEG".</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="BitsPerPixel">Bits per pixel of the stored image (e.g. 32 for RGBA PNG).</param>
/// <param name="Frames">Number of frames (1 for a still image).</param>
public sealed record ImageHeader(string Format, int Width, int Height, int BitsPerPixel, int Frames);
