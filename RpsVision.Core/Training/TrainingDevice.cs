namespace RpsVision.Core.Training;

/// <summary>Where training runs.</summary>
public enum TrainingDevice
{
    /// <summary>CUDA when <c>torch.cuda.is_available()</c>, else the CPU (the default).</summary>
    Auto,

    /// <summary>The CPU, with <see cref="TrainingOptions.Threads"/> threads.</summary>
    Cpu,

    /// <summary>The first CUDA GPU; an error when none is available.</summary>
    Cuda,
}
