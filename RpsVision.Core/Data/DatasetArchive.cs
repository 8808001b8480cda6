using System.Text.RegularExpressions;

namespace RpsVision.Core.Data;

/// <summary>One archive of the data set, with the size and digest a download must match.</summary>
/// <param name="FileName">File name under the base URL and in the data folder (e.g. <c>rps.zip</c>).</param>
/// <param name="SizeBytes">Exact size in bytes.</param>
/// <param name="Sha256">SHA-256 of the file, 64 hex digits (either case).</param>
public sealed partial record DatasetArchive(string FileName, long SizeBytes, string Sha256)
{
    /// <summary>TFDS's training archive: <c>rps.zip</c>, 200,682,221 bytes.</summary>
    public static DatasetArchive TfdsTrain { get; } =
        new("rps.zip", 200_682_221, "c2403444395842ad04c53612bad54b574443eae17a0723117a2ff87b9d72194f");

    /// <summary>TFDS's test archive: <c>rps-test-set.zip</c>, 29,516,758 bytes.</summary>
    public static DatasetArchive TfdsTest { get; } =
        new("rps-test-set.zip", 29_516_758, "c27ab9fa43ce40b2e453de711365b477f4424586edf0388116674fd320f07503");

    /// <summary>Checks the values; the message names the bad value and what is allowed.</summary>
    /// <param name="role">What this archive is for (used in messages, e.g. "TrainArchive").</param>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public void Validate(string role)
    {
        if (string.IsNullOrWhiteSpace(FileName) || FileName != System.IO.Path.GetFileName(FileName) || FileName.Contains('\\'))
        {
            throw new ArgumentException($"{role}.FileName '{FileName}' must be a plain file name (no folders), e.g. 'rps.zip'.");
        }

        if (SizeBytes <= 0)
        {
            throw new ArgumentException($"{role}.SizeBytes {SizeBytes} must be greater than 0.");
        }

        if (Sha256 is null || !HexSha256().IsMatch(Sha256))
        {
            throw new ArgumentException($"{role}.Sha256 '{Sha256}' must be 64 hexadecimal digits.");
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex HexSha256();
}
