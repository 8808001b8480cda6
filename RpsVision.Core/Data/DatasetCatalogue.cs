namespace RpsVision.Core.Data;

/// <summary>
/// The verified images of the data set, as the archives split them (train or test), with a digest of each
/// split that identifies the exact files a run used. Made by <see cref="RpsDataset.PrepareAsync(DataOptions, IProgress{DownloadProgress}?, CancellationToken)"/>.
/// </summary>
public sealed class DatasetCatalogue
{
    internal DatasetCatalogue(string root, IReadOnlyList<LabeledImage> images, string trainDigest, string testDigest)
    {
        Root = root;
        Images = images;
        TrainDigest = trainDigest;
        TestDigest = testDigest;
        Train = images.Where(i => i.Split == DataSplit.Train).ToArray();
        Test = images.Where(i => i.Split == DataSplit.Test).ToArray();
    }

    /// <summary>Absolute path of the folder holding <c>rps/</c> and <c>rps-test-set/</c>.</summary>
    public string Root { get; }

    /// <summary>Every image, sorted ordinally by <see cref="LabeledImage.RelativePath"/> (train first, then test).</summary>
    public IReadOnlyList<LabeledImage> Images { get; }

    /// <summary>The images of the training archive (before a validation split).</summary>
    public IReadOnlyList<LabeledImage> Train { get; }

    /// <summary>The images of the test archive.</summary>
    public IReadOnlyList<LabeledImage> Test { get; }

    /// <summary>
    /// SHA-256 (hex) over the training images: for each file in ordinal order of its relative path, the
    /// UTF-8 path, a zero byte, the length as 8 bytes little-endian, and the content.
    /// </summary>
    public string TrainDigest { get; }

    /// <summary>SHA-256 (hex) over the test images, computed as <see cref="TrainDigest"/>.</summary>
    public string TestDigest { get; }

    /// <summary>Splits the training images into train and validation; the test images stay the test split.</summary>
    /// <param name="options">The split settings; null for the defaults (stratified, 15 %, seed 42).</param>
    /// <exception cref="ArgumentException">An option is out of range, or a class has too few hands to hold one out.</exception>
    public DatasetSplit Split(SplitOptions? options = null)
    {
        options ??= new SplitOptions();
        options.Validate();
        return Splitter.Split(this, options);
    }
}
