namespace RpsVision.Core.Data;

/// <summary>
/// The three classes in the order TFDS's <c>rock_paper_scissors</c> gives them: rock = 0, paper = 1,
/// scissors = 2. Every label index in RpsVision (training, the ONNX model, serving) uses this order.
/// </summary>
public static class RpsLabels
{
    /// <summary>Label index of "rock" (0).</summary>
    public const int Rock = 0;

    /// <summary>Label index of "paper" (1).</summary>
    public const int Paper = 1;

    /// <summary>Label index of "scissors" (2).</summary>
    public const int Scissors = 2;

    /// <summary>The class names indexed by label: <c>["rock", "paper", "scissors"]</c>; also the folder names in the archives.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(["rock", "paper", "scissors"]);

    /// <summary>Number of classes (3).</summary>
    public static int Count => Names.Count;

    /// <summary>Returns the label index of a class name (exact, lower case).</summary>
    /// <param name="name">"rock", "paper" or "scissors".</param>
    /// <exception cref="ArgumentException">The name is not one of the three class names.</exception>
    public static int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown class name '{name}'; allowed: {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>Returns the class name of a label index.</summary>
    /// <param name="label">0, 1 or 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is not 0, 1 or 2.</exception>
    public static string NameOf(int label)
    {
        if ((uint)label >= (uint)Names.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, $"Label must be 0..{Names.Count - 1} ({string.Join(", ", Names)}).");
        }

        return Names[label];
    }
}
