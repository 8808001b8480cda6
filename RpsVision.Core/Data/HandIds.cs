namespace RpsVision.Core.Data;

/// <summary>Reads the hand model from a TFDS rock_paper_scissors file name.</summary>
internal static class HandIds
{
    /// <summary>
    /// The file name (without extension) before its last dash: <c>rock01-000.png</c> → <c>rock01</c>,
    /// <c>rock07-k03-055.png</c> → <c>rock07-k03</c>. A name without a dash is its own hand.
    /// </summary>
    public static string FromFileName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var stem = System.IO.Path.GetFileNameWithoutExtension(fileName);
        var dash = stem.LastIndexOf('-');
        return dash > 0 ? stem[..dash] : stem;
    }
}
