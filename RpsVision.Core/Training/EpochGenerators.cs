using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// The random generators of one epoch, seeded from the run's seed and the epoch number only, so that a resumed
/// run draws exactly what an uninterrupted one would: one generator for the shuffle, one for augmentation, and
/// the global seed (dropout) reset to the same derived value.
/// </summary>
/// <remarks>
/// Both generators are CPU generators whatever the training device: TorchSharp 0.107 cannot make a CUDA one
/// (<c>new Generator(seed, cuda)</c> silently returns a CPU generator, which CUDA sampling ops then refuse).
/// Drawing on the CPU also makes a seed shuffle and augment identically on every device.
/// </remarks>
internal sealed class EpochGenerators : IDisposable
{
    private EpochGenerators(Generator shuffle, Generator augmentation)
    {
        Shuffle = shuffle;
        Augmentation = augmentation;
    }

    /// <summary>Draws the epoch's order of the training images (a CPU generator).</summary>
    public Generator Shuffle { get; }

    /// <summary>Draws the augmentation parameters (a CPU generator; see <see cref="TensorAugmenter"/>).</summary>
    public Generator Augmentation { get; }

    public static EpochGenerators For(int seed, int epoch)
    {
        ulong derived = Mix((ulong)(uint)seed << 32 | (uint)epoch);
        manual_seed((long)(derived >> 1));
        return new EpochGenerators(new Generator(Mix(derived + 1)), new Generator(Mix(derived + 2)));
    }

    public void Dispose()
    {
        Shuffle.Dispose();
        Augmentation.Dispose();
    }

    // SplitMix64's finaliser: nearby (seed, epoch) pairs give unrelated generator seeds.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
