namespace RpsVision.Core.Data;

/// <summary>One image of the data set.</summary>
/// <param name="Path">Absolute path of the PNG file.</param>
/// <param name="RelativePath">Path relative to the data set root, with forward slashes (e.g. <c>rps/rock/rock01-000.png</c>).</param>
/// <param name="Label">Label index (see <see cref="RpsLabels"/>).</param>
/// <param name="Hand">The rendered hand model: the file name before its last dash (e.g. <c>rock07-k03</c>).</param>
/// <param name="Split">The split; the archive decides train versus test, the splitter moves some train images to validation.</param>
public sealed record LabeledImage(string Path, string RelativePath, int Label, string Hand, DataSplit Split)
{
    /// <summary>The class name of <see cref="Label"/>.</summary>
    public string LabelName => RpsLabels.NameOf(Label);
}
