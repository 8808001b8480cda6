namespace RpsVision.Core.Preprocessing;

/// <summary>
/// How an image becomes the model's input tensor. Recorded with every model (checkpoint and ONNX metadata) so
/// that serving applies exactly the preprocessing that training used.
/// </summary>
/// <remarks>
/// The pipeline is: decode → composite any transparency over <see cref="Background"/> → resize to
/// <see cref="InputSize"/> x <see cref="InputSize"/> (a non-square image as <see cref="Fit"/> says) → RGB float
/// CHW in [0, 1] → <c>(x - Mean[c]) / Std[c]</c>.
/// </remarks>
public sealed record PreprocessingOptions
{
    /// <summary>Default per-channel mean (ImageNet's, as torchvision's presets use).</summary>
    public static readonly IReadOnlyList<float> DefaultMean = [0.485f, 0.456f, 0.406f];

    /// <summary>Default per-channel standard deviation (ImageNet's).</summary>
    public static readonly IReadOnlyList<float> DefaultStd = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// Side of the square model input, in pixels. Required: it follows the data (the training job takes the
    /// data set's native size by default). Allowed range: 8 to 1024.
    /// </summary>
    public required int InputSize { get; init; }

    /// <summary>Per-channel mean in R, G, B order, on the [0, 1] scale. Default: <see cref="DefaultMean"/>.</summary>
    public IReadOnlyList<float> Mean { get; init; } = DefaultMean;

    /// <summary>Per-channel standard deviation in R, G, B order. Default: <see cref="DefaultStd"/>. Each must be &gt; 0.</summary>
    public IReadOnlyList<float> Std { get; init; } = DefaultStd;

    /// <summary>Resampling used to resize. Default: <see cref="ResizeMethod.Bilinear"/>.</summary>
    public ResizeMethod Resize { get; init; } = ResizeMethod.Bilinear;

    /// <summary>
    /// How a non-square image is made square. Default <see cref="SquareFit.Pad"/>: photos keep their shapes and
    /// their whole picture (a stretched 3:2 photo shows fingers the model never saw so thick).
    /// </summary>
    public SquareFit Fit { get; init; } = SquareFit.Pad;

    /// <summary>Colour that transparent pixels are composited over (the TFDS renders are on white). Default: white.</summary>
    public byte Background { get; init; } = 255;

    /// <summary>Channel order of the tensor. Always "RGB"; recorded in model metadata.</summary>
    public string ChannelOrder => "RGB";

    /// <summary>Tensor layout. Always "NCHW"; recorded in model metadata.</summary>
    public string Layout => "NCHW";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value when an option is out of range.</summary>
    public void Validate()
    {
        if (InputSize is < 8 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize, "InputSize must be between 8 and 1024 pixels.");
        }
        if (Mean.Count != 3)
        {
            throw new ArgumentOutOfRangeException(nameof(Mean), Mean.Count, "Mean needs exactly 3 values (R, G, B).");
        }
        if (Std.Count != 3 || Std.Any(s => !(s > 0f)))
        {
            throw new ArgumentOutOfRangeException(nameof(Std), string.Join(",", Std), "Std needs exactly 3 values (R, G, B), each > 0.");
        }
        if (!Enum.IsDefined(Resize))
        {
            throw new ArgumentOutOfRangeException(nameof(Resize), Resize, $"Resize must be one of: {string.Join(", ", Enum.GetNames<ResizeMethod>())}.");
        }
        if (!Enum.IsDefined(Fit))
        {
            throw new ArgumentOutOfRangeException(nameof(Fit), Fit, $"Fit must be one of: {string.Join(", ", Enum.GetNames<SquareFit>())}.");
        }
    }
}
