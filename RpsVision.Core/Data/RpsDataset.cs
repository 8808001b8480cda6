namespace RpsVision.Core.Data;

/// <summary>The one entry point to the data set: find or fetch it, verify it, and catalogue it.</summary>
public static class RpsDataset
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(30) });

    /// <summary>
    /// Makes the data set ready under <see cref="DataOptions.DataDir"/>: a split folder already there
    /// (<c>rps/</c>, <c>rps-test-set/</c>) is used as is; otherwise its archive is downloaded (or reused when
    /// already present and verified) and extracted. Then the counts per class are checked and the split
    /// digests computed.
    /// </summary>
    /// <param name="options">Where the data lives and what a complete set is.</param>
    /// <param name="progress">Receives download progress; may be null.</param>
    /// <param name="cancellationToken">Cancels a download.</param>
    /// <returns>The verified catalogue.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="ArchiveVerificationException">A downloaded archive has the wrong size or digest.</exception>
    /// <exception cref="InvalidDataException">An archive is unsafe, or the images are short or damaged.</exception>
    /// <exception cref="DirectoryNotFoundException">A split is missing and <see cref="DataOptions.AllowDownload"/> is false.</exception>
    public static Task<DatasetCatalogue> PrepareAsync(
        DataOptions options, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        PrepareAsync(options, SharedClient.Value, progress, cancellationToken);

    /// <summary>As <see cref="PrepareAsync(DataOptions, IProgress{DownloadProgress}?, CancellationToken)"/>, downloading with the given client.</summary>
    /// <param name="options">Where the data lives and what a complete set is.</param>
    /// <param name="httpClient">The client used for downloads (not disposed).</param>
    /// <param name="progress">Receives download progress; may be null.</param>
    /// <param name="cancellationToken">Cancels a download.</param>
    /// <returns>The verified catalogue.</returns>
    public static async Task<DatasetCatalogue> PrepareAsync(
        DataOptions options, HttpClient httpClient, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        options.Validate();

        var root = Path.GetFullPath(options.DataDir);
        var downloader = new ArchiveDownloader(httpClient, options.Download);
        foreach (var (archive, folder) in new[]
                 {
                     (options.Download.TrainArchive, DataOptions.TrainFolder),
                     (options.Download.TestArchive, DataOptions.TestFolder),
                 })
        {
            if (CatalogueReader.HasSplitFolder(root, folder))
            {
                continue;
            }

            if (!options.AllowDownload)
            {
                throw new DirectoryNotFoundException(
                    $"'{Path.Combine(root, folder)}' is missing and downloads are off (--offline, AllowDownload = false); " +
                    $"point --data-dir (DataDir) at a folder holding {DataOptions.TrainFolder}/<label>/*.png and {DataOptions.TestFolder}/<label>/*.png.");
            }

            string zip;
            try
            {
                zip = await downloader.EnsureAsync(archive, root, progress, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                // The usual cause is a machine without internet access: say where the images were looked for and
                // how to use a local copy, not only the socket error.
                throw new HttpRequestException(
                    $"'{Path.Combine(root, folder)}' holds no images and {archive.FileName} could not be downloaded from " +
                    $"{options.Download.BaseUrl} ({e.Message}). Point --data-dir (DataDir) at a folder holding " +
                    $"{DataOptions.TrainFolder}/<label>/*.png and {DataOptions.TestFolder}/<label>/*.png, or --mirror (Download.BaseUrl) " +
                    $"at a reachable copy of {DownloadOptions.TfdsBaseUrl} that serves {archive.FileName}.",
                    e, e.StatusCode);
            }
            ArchiveExtractor.Extract(zip, root, folder);
        }

        return await Task.Run(() => CatalogueReader.Read(root, options), cancellationToken);
    }

    /// <summary>
    /// Catalogues a folder that already holds the extracted layout, without any download (like TFDS's manual_dir).
    /// </summary>
    /// <param name="options">Uses <see cref="DataOptions.DataDir"/> and the expected counts.</param>
    /// <returns>The verified catalogue.</returns>
    /// <exception cref="InvalidDataException">The images are missing, short or damaged.</exception>
    public static DatasetCatalogue Load(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return CatalogueReader.Read(options.DataDir, options);
    }
}
