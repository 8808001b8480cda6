namespace RpsVision.Core.Modeling;

/// <summary>
/// Zero or more pixels added on each side of a feature map before a convolution or pooling. Unlike torch's
/// symmetric <c>padding</c> argument it can differ per side, as the CNTK-trained ResNet18 needs.
/// </summary>
internal readonly record struct EdgePadding(long Top, long Left, long Bottom, long Right)
{
    /// <summary>No padding.</summary>
    public static EdgePadding None => default;

    /// <summary>The same padding on every side.</summary>
    public static EdgePadding Uniform(long pixels) => new(pixels, pixels, pixels, pixels);

    /// <summary>Padding on the top and left only, as CNTK pads a stride-2 window over an even-sized input.</summary>
    public static EdgePadding TopLeft(long pixels) => new(pixels, pixels, 0, 0);

    /// <summary>True when no side is padded.</summary>
    public bool IsNone => this == None;

    /// <summary>The order <c>torch.nn.functional.pad</c> takes: last dimension first (left, right, top, bottom).</summary>
    public long[] ToTorch() => [Left, Right, Top, Bottom];

    /// <summary>The order of ONNX's <c>pads</c> attribute: all starts, then all ends (top, left, bottom, right).</summary>
    public long[] ToOnnx() => [Top, Left, Bottom, Right];
}
