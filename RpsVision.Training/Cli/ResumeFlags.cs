using System.CommandLine;
using System.Globalization;
using RpsVision.Core.Runs;
using RpsVision.Core.Training;

namespace RpsVision.Training.Cli;

/// <summary>
/// With --resume the run continues with the configuration saved in its checkpoint; a flag given on the command
/// line that contradicts it is refused, naming the flag and the saved value (a flag left out takes the saved value).
/// </summary>
internal static class ResumeFlags
{
    /// <summary>The pipeline options of the train and run commands: the command line's, or with --resume the saved ones.</summary>
    /// <exception cref="ArgumentException">A flag contradicts the checkpoint of the run being resumed.</exception>
    public static PipelineOptions Resolve(CliOptions o, ParseResult parse)
    {
        var requested = o.ToPipeline(parse);
        if (!requested.Resume)
        {
            return requested;
        }
        var saved = TrainingPipeline.ResumeOptions(requested);
        var t = saved.Training;
        var conflicts = new[]
        {
            Conflict(parse, o.Architecture, EnumOption.NameOf(t.Architecture), EnumOption.NameOf(t.Architecture)),
            Conflict(parse, o.Seed, t.Seed, Show(t.Seed)),
            Conflict(parse, o.Split, EnumOption.NameOf(saved.Split.Strategy), EnumOption.NameOf(saved.Split.Strategy)),
            Conflict(parse, o.ImageSize, saved.ImageSize ?? 0, Show(saved.ImageSize ?? 0)),
            Conflict(parse, o.Epochs, t.Epochs, Show(t.Epochs)),
            Conflict(parse, o.BatchSize, t.BatchSize, Show(t.BatchSize)),
            Conflict(parse, o.LearningRate, t.LearningRate, Show(t.LearningRate)),
            Conflict(parse, o.WeightDecay, t.WeightDecay, Show(t.WeightDecay)),
            Conflict(parse, o.WarmupEpochs, t.WarmupEpochs, Show(t.WarmupEpochs)),
            Conflict(parse, o.LabelSmoothing, t.LabelSmoothing, Show(t.LabelSmoothing)),
            Conflict(parse, o.Select, EnumOption.NameOf(t.Selection), EnumOption.NameOf(t.Selection)),
            Conflict(parse, o.MixedPrecision, t.MixedPrecision, Show(t.MixedPrecision)),
            AugmentConflict(parse, o.Augment, t.Augmentation),
        }.OfType<string>().ToArray();
        if (conflicts.Length > 0)
        {
            throw new ArgumentException(
                $"--resume continues '{Path.Combine(requested.OutputDir, "latest")}' with the configuration saved in its checkpoint; " +
                $"{string.Join("; ", conflicts)}. Leave the flag out to resume, or start a new run without --resume.");
        }
        return saved;
    }

    private static string? Conflict<T>(ParseResult parse, Option<T> option, T saved, string shownSaved) =>
        parse.GetResult(option) is { Implicit: false } && !EqualityComparer<T>.Default.Equals(parse.GetValue(option), saved)
            ? $"{option.Name} {Show(parse.GetValue(option))} contradicts the saved {option.Name} {shownSaved}"
            : null;

    private static string? AugmentConflict(ParseResult parse, Option<string> option, AugmentationOptions saved)
    {
        string given = parse.GetValue(option)!;
        return parse.GetResult(option) is { Implicit: false } && AugmentationPresets.Get(given) != saved
            ? $"{option.Name} {given} contradicts the saved {option.Name} {AugmentationPresets.NameOf(saved) ?? saved.ToString()}"
            : null;
    }

    private static string Show<T>(T value) =>
        value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "";
}
