using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// Where each random parameter of <see cref="TensorAugmenter"/> sits in its draws (<c>[rows, N]</c>): the rows the
/// options use, numbered here alone, in the order they are drawn, so that drawing and applying cannot disagree on
/// the order or the count. A transform the options leave out has no rows (null) and draws nothing, so that presets
/// without it (renders) draw the numbers they always drew.
/// </summary>
internal sealed class AugmentationRows
{
    private readonly List<bool> quarterTurns = []; // per row: an integer in [0, 4) instead of a uniform in [0, 1)

    public AugmentationRows(AugmentationOptions options)
    {
        if (options.HasGeometry)
        {
            // Arguments are evaluated left to right: the rows are numbered in the order written.
            Geometry = new GeometryRows(
                options.Rotate90 ? Add(quarterTurn: true) : null,
                options.RotationDegrees > 0 ? Add() : null,
                options.HorizontalFlip ? Add() : null,
                options.VerticalFlip ? Add() : null,
                options.ScaleJitter > 0 ? Add() : null,
                options.AspectJitter > 0 ? Add() : null,
                Add(), Add());
        }
        if (options.BackgroundProbability > 0)
        {
            Composite = new CompositeRows(Add(), Add(), Add(), Add(), Add(), Add(), Add(), Add(3), Add(3), Add(),
                Add(3 * TensorAugmenter.NoiseCells * TensorAugmenter.NoiseCells));
        }
        bool chroma = options.Saturation > 0 || options.Hue > 0 || options.GreyProbability > 0;
        if (options.Brightness > 0 || options.Contrast > 0 || chroma || options.ColourCast > 0)
        {
            Colour = new ColourRows(Add(), Add(),
                chroma ? new ChromaRows(Add(), Add(), Add()) : null,
                options.ColourCast > 0 ? Add(3) : null);
        }
        if (options.BlurProbability > 0)
        {
            Blur = new BlurRows(Add(), Add());
        }
    }

    /// <summary>How many rows the options draw.</summary>
    public int Count => quarterTurns.Count;

    public GeometryRows? Geometry { get; }

    public CompositeRows? Composite { get; }

    public ColourRows? Colour { get; }

    public BlurRows? Blur { get; }

    /// <summary>Draws the rows, <c>[Count, count]</c> on the CPU, each from <paramref name="generator"/> in order.</summary>
    public Tensor Draw(long count, Generator generator)
    {
        using var scope = NewDisposeScope();
        if (Count == 0)
        {
            return empty(0, count).MoveToOuterDisposeScope();
        }
        Tensor[] rows = quarterTurns
            .Select(turn => turn
                ? randint(0, 4, [count], generator: generator).to(ScalarType.Float32)
                : rand([count], generator: generator))
            .ToArray();
        return stack(rows).MoveToOuterDisposeScope();
    }

    private Row Add(bool quarterTurn = false)
    {
        quarterTurns.Add(quarterTurn);
        return new Row(quarterTurns.Count - 1);
    }

    private RowSpan Add(int count)
    {
        int start = quarterTurns.Count;
        quarterTurns.AddRange(Enumerable.Repeat(false, count));
        return new RowSpan(start, count);
    }
}

/// <summary>One row of the draws: one number per image.</summary>
internal readonly record struct Row(int Index)
{
    public Tensor Of(Tensor draws) => draws[Index]; // [N]
}

/// <summary>Consecutive rows of the draws.</summary>
internal readonly record struct RowSpan(int Start, int Count)
{
    public Tensor Of(Tensor draws) => draws.narrow(0, Start, Count); // [Count, N]
}

/// <summary>The affine warp's rows; the shifts are always drawn when there is a warp.</summary>
internal sealed record GeometryRows(Row? QuarterTurn, Row? Rotation, Row? FlipX, Row? FlipY, Row? Zoom, Row? Aspect, Row ShiftX, Row ShiftY);

/// <summary>The background compositing's rows: whether, which kind, the scene crop, two colours, a direction, a noise field.</summary>
internal sealed record CompositeRows(Row Replace, Row Kind, Row SceneIndex, Row SceneZoom, Row SceneX, Row SceneY, Row SceneTurn,
    RowSpan First, RowSpan Second, Row Direction, RowSpan Field);

/// <summary>Brightness and contrast, always drawn with any colour transform; hue, saturation, grey and the cast when used.</summary>
internal sealed record ColourRows(Row Brightness, Row Contrast, ChromaRows? Chroma, RowSpan? Cast);

internal sealed record ChromaRows(Row Saturation, Row Hue, Row Grey);

internal sealed record BlurRows(Row Whether, Row Sigma);
