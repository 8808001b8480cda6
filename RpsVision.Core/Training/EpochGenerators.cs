using TorchSharp;
using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>
/// The random generators of one epoch, seeded from the run's seed and the epoch number only, so that a resumed
/// run draws exactly what an uninterrupted one would: a CPU generator for the shuffle, one on the training
/// device for augmentation, and the global seed (dropout) reset to the same derived value.
/// </summary>
internal sealed class EpochGenerators : IDisposable
{
    private EpochGenerators(Generator cpu, Generator device)
    {
        Cpu = cpu;
        Device = device;
    }

    public Generator Cpu { get; }

    public Generator Device { get; }

    public static EpochGenerators For(int seed, int epoch, Device device)
    {
        ulong derived = Mix((ulong)(uint)seed << 32 | (uint)epoch);
        manual_seed((long)(derived >> 1));
        var cpu = new Generator(Mix(derived + 1));
        var onDevice = device.type == DeviceType.CPU ? new Generator(Mix(derived + 2)) : new Generator(Mix(derived + 2), device);
        return new EpochGenerators(cpu, onDevice);
    }

    public void Dispose()
    {
        Cpu.Dispose();
        Device.Dispose();
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
