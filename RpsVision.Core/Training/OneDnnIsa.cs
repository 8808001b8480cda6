using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace RpsVision.Core.Training;

/// <summary>
/// Caps the instruction set of oneDNN, libtorch's CPU convolution library, at AVX2 on AMD Zen 5 processors (AVX-512,
/// CPU family 26), unless the user chose a cap with <c>DNNL_MAX_CPU_ISA</c> or <c>ONEDNN_MAX_CPU_ISA</c>.
/// </summary>
/// <remarks>
/// On AMD Zen 5 (EPYC, CPU family 26) with libtorch-cpu 2.10, oneDNN's AVX-512 convolutions sometimes return NaN
/// or values that differ from run to run for the same seed; capped at AVX2 they do not (0 failures in 24 test
/// processes against 7 in 12). The AVX-512 kernels lay tensors of 8 channels out in padded blocks of 16
/// (<c>ONEDNN_VERBOSE=1</c> shows it), AVX2's in blocks of 8 that need no padding. oneDNN reads the cap
/// with the C library's <c>getenv</c> when it creates its first primitive, so it is set with <c>setenv</c>
/// (.NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach native code on Linux)
/// as soon as this assembly loads, before any convolution can run. Set <c>DNNL_MAX_CPU_ISA=ALL</c> to keep
/// oneDNN's own choice.
/// </remarks>
internal static partial class OneDnnIsa
{
    internal const string Variable = "DNNL_MAX_CPU_ISA";
    internal const string AlternativeVariable = "ONEDNN_MAX_CPU_ISA";
    internal const string Cap = "AVX2";

    private static int applied;

    /// <summary>The cap this process runs with: the user's value, <see cref="Cap"/>, or null (oneDNN's own choice).</summary>
    internal static string? Effective { get; private set; }

    // A library's module initializer is the one hook that runs before any caller of Core can reach torch.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (Interlocked.Exchange(ref applied, 1) == 1)
        {
            return;
        }
        string? chosen = Environment.GetEnvironmentVariable(Variable) ?? Environment.GetEnvironmentVariable(AlternativeVariable);
        if (chosen is not null)
        {
            Effective = chosen;
            return;
        }
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || !Avx512F.IsSupported
            || !IsAmdZen5())
        {
            return;
        }
        if (SetNativeEnvironment(Variable, Cap, overwrite: 0) != 0)
        {
            return;
        }
        // Child processes started from .NET take the managed copy of the environment.
        Environment.SetEnvironmentVariable(Variable, Cap);
        Effective = Cap;
    }

    /// <summary>
    /// An AMD processor of CPU family 26 (Zen 5), where the NaN was seen. The cap costs ResNet18 training about 1.6x
    /// there (docs/BENCHMARKS.md), so processors where nothing was seen keep oneDNN's own choice.
    /// </summary>
    internal static bool IsAmdZen5()
    {
        if (!X86Base.IsSupported)
        {
            return false;
        }
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        bool amd = ebx == 0x68747541 && edx == 0x69746E65 && ecx == 0x444D4163; // "AuthenticAMD"
        int signature = X86Base.CpuId(1, 0).Eax;
        int family = ((signature >> 8) & 0xF) + (((signature >> 8) & 0xF) == 0xF ? (signature >> 20) & 0xFF : 0);
        return amd && family == 26;
    }

    /// <summary>The value the C library's <c>getenv</c> returns, which is what oneDNN reads.</summary>
    internal static string? ReadNativeEnvironment(string name) => Marshal.PtrToStringUTF8(GetNativeEnvironment(name));

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNativeEnvironment(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetNativeEnvironment(string name);
}
