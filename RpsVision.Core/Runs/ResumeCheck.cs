using System.Globalization;
using System.Reflection;
using System.Text.Json;
using RpsVision.Core.Training;

namespace RpsVision.Core.Runs;

/// <summary>
/// Refuses to resume a run with options or data that contradict what its checkpoint says it was started with:
/// resuming on another split or other data would silently train a different model and overwrite the run's files.
/// </summary>
internal static class ResumeCheck
{
    // Values are compared as the checkpoint writes them: options hold arrays (the model's stage widths), which
    // records compare by reference.
    private static readonly JsonSerializerOptions Json = new(TrainingCheckpoint.Json) { WriteIndented = false };

    /// <exception cref="ArgumentException">An option or the data contradicts the checkpoint; the message lists each.</exception>
    public static void Verify(string checkpointPath, TrainingCheckpoint saved, PipelineOptions requested, RunConfiguration current)
    {
        var conflicts = new List<string>();
        // The device and thread count may change on resume: they do not change the result on the CPU.
        var asked = requested.Training with { Device = saved.Options.Device, Threads = saved.Options.Threads };
        foreach (var property in typeof(TrainingOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            string was = Show(property.GetValue(saved.Options)), now = Show(property.GetValue(asked));
            if (was != now)
            {
                conflicts.Add($"Training.{property.Name} {now} (saved: {was})");
            }
        }
        if (requested.ImageSize is int size && size != saved.Preprocessing.InputSize)
        {
            conflicts.Add($"ImageSize {size} (saved: {saved.Preprocessing.InputSize})");
        }
        if (saved.Run is { } run)
        {
            AddIfDifferent(conflicts, "Split.Strategy", run.SplitStrategy, current.SplitStrategy);
            AddIfDifferent(conflicts, "Split.Seed", run.SplitSeed, current.SplitSeed);
            AddIfDifferent(conflicts, "Split.ValidationFraction", run.ValidationFraction, current.ValidationFraction);
            foreach (var (split, digest) in run.DatasetDigests)
            {
                string now = current.DatasetDigests.GetValueOrDefault(split, "none");
                if (now != digest)
                {
                    conflicts.Add($"data in '{requested.Data.DataDir}': its {split} digest is {now} (saved: {digest})");
                }
            }
        }
        if (conflicts.Count > 0)
        {
            throw new ArgumentException(
                $"Cannot resume '{checkpointPath}': this run asks for {string.Join("; ", conflicts)}. " +
                "Resume with the run's own options and data, or start a new run.");
        }
    }

    private static void AddIfDifferent<T>(List<string> conflicts, string name, T saved, T now)
    {
        if (!EqualityComparer<T>.Default.Equals(saved, now))
        {
            conflicts.Add($"{name} {Show(now)} (saved: {Show(saved)})");
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "none",
        AugmentationOptions augmentation when AugmentationPresets.NameOf(augmentation) is { } preset => $"preset '{preset}'",
        IFormattable formattable and not Enum => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, value.GetType(), Json),
    };
}
