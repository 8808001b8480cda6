using static TorchSharp.torch;

namespace RpsVision.Core.Training;

/// <summary>Chooses the torch device and sets the CPU thread count for a run.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// Resolves <paramref name="requested"/> to a device (Auto: CUDA when available) and sets torch's CPU
    /// threads (0: one per processor).
    /// </summary>
    /// <exception cref="InvalidOperationException">CUDA was requested and no CUDA device is available.</exception>
    public static Device Configure(TrainingDevice requested, int threads, bool mixedPrecision = false)
    {
        EnsureAvailable(requested);
        bool cuda = cuda_is_available();
        set_num_threads(ResolveThreads(threads));
        if (requested == TrainingDevice.Cpu || !cuda)
        {
            return CPU;
        }
        backends.cuda.matmul.allow_tf32 = mixedPrecision;
        backends.cudnn.allow_tf32 = mixedPrecision;
        return CUDA;
    }

    /// <summary>Fails early when <paramref name="requested"/> is CUDA and no CUDA device is available.</summary>
    /// <exception cref="InvalidOperationException">CUDA was requested and is not available.</exception>
    public static void EnsureAvailable(TrainingDevice requested)
    {
        if (requested == TrainingDevice.Cuda && !cuda_is_available())
        {
            throw new InvalidOperationException(
                "Device 'cuda' was requested but torch.cuda.is_available() is false: no GPU, no NVIDIA driver, or a CPU build " +
                "(build with -p:TorchBackend=cuda). Use --device cpu or --device auto.");
        }
    }

    /// <summary>The thread count a value of <see cref="TrainingOptions.Threads"/> means (0: one per processor).</summary>
    public static int ResolveThreads(int threads) => threads > 0 ? threads : Environment.ProcessorCount;

    /// <summary>The name a run's files give <paramref name="device"/> ("cpu", "cuda").</summary>
    internal static string DeviceName(Device device) => device.type.ToString().ToLowerInvariant();
}
