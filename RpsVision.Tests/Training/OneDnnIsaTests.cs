using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using RpsVision.Core.Training;

namespace RpsVision.Tests.Training;

/// <summary>
/// oneDNN's AVX-512 convolutions compute NaN at random on AMD Zen 5 (see <see cref="OneDnnIsa"/>): there every
/// process that loads Core runs them capped at AVX2 unless the user chose a cap.
/// </summary>
public class OneDnnIsaTests
{
    [Test]
    public void FreshProcess_OnAnAvx512Processor_ConvolvesWithAvx2()
    {
        RequireAvx512OnLinux();

        string output = RunConvolve(userCap: null);

        Assert.That(IsaLine(output), Does.EndWith("isa:Intel AVX2"), output);
        Assert.That(output, Does.Match(@"loss \d"), "the training step did not compute a finite loss");
    }

    [Test]
    public void FreshProcess_UserChoseACap_KeepsIt()
    {
        RequireAvx512OnLinux();

        string output = RunConvolve(userCap: "ALL");

        Assert.That(IsaLine(output), Does.Contain("AVX-512"), output);
    }

    [Test]
    public void ThisProcess_CCallersSeeTheCap()
    {
        RequireAvx512OnLinux();

        Assert.That(OneDnnIsa.ReadNativeEnvironment(OneDnnIsa.Variable), Is.EqualTo(OneDnnIsa.Effective));
        Assert.That(OneDnnIsa.Effective, Is.Not.Null);
    }

    private static void RequireAvx512OnLinux()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || !Avx512F.IsSupported
            || !OneDnnIsa.IsAmdZen5())
        {
            Assert.Ignore("needs Linux on an AMD Zen 5 processor (AVX-512, CPU family 26)");
        }
    }

    private static string IsaLine(string output) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(",info,cpu,isa:", StringComparison.Ordinal)) ?? "(no isa line)";

    private static string RunConvolve(string? userCap)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "exec", typeof(TestProgram).Assembly.Location, "convolve" })
        {
            start.ArgumentList.Add(argument);
        }
        // This process's own cap would be inherited: the child starts as a user's process would.
        start.Environment.Remove(OneDnnIsa.Variable);
        start.Environment.Remove(OneDnnIsa.AlternativeVariable);
        if (userCap is not null)
        {
            start.Environment[OneDnnIsa.Variable] = userCap;
        }
        start.Environment["ONEDNN_VERBOSE"] = "1";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("the child did not start");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"the child failed: {output} {error.Result}");
        return output;
    }
}
