using RpsVision.Core.Preprocessing;

namespace RpsVision.Core.Data;

/// <summary>
/// A folder of labelled images laid out <c>&lt;label&gt;/*.png|jpg|jpeg</c>, the labels being the model's
/// (<see cref="RpsLabels.Names"/>): real photos to evaluate a model on, or extra training images. Photos may have
/// any size and aspect ratio. A file that is not a usable image is listed in <see cref="Skipped"/> and left out;
/// a folder that cannot be used as a whole is an error.
/// </summary>
public sealed class LabeledImageFolder
{
    /// <summary>The file extensions read as images (compared case-insensitively): .png, .jpg, .jpeg.</summary>
    public static IReadOnlyList<string> Extensions { get; } = Array.AsReadOnly([".png", ".jpg", ".jpeg"]);

    // Each image is decoded once, fully, to a tiny thumbnail, so that a file that would fail later (at training or
    // evaluation) is found and listed here.
    private static readonly PreprocessingOptions CheckDecode = new() { InputSize = 8 };

    private LabeledImageFolder(string root, IReadOnlyList<LabeledImage> images, IReadOnlyList<SkippedFile> skipped, string digest)
    {
        Root = root;
        Name = Path.GetFileName(root);
        Images = images;
        Skipped = skipped;
        Digest = digest;
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Root { get; }

    /// <summary>The folder's own name (e.g. <c>photos-dev</c>), as recorded in metrics and model metadata.</summary>
    public string Name { get; }

    /// <summary>
    /// The usable images, in ordinal order of <see cref="LabeledImage.RelativePath"/> (<c>&lt;label&gt;/&lt;file&gt;</c>);
    /// their <see cref="LabeledImage.Split"/> is <see cref="DataSplit.Train"/> until a split assigns them.
    /// </summary>
    public IReadOnlyList<LabeledImage> Images { get; }

    /// <summary>The files left out, in ordinal order of their relative paths.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; }

    /// <summary>
    /// SHA-256 (hex) over the usable images, computed as <see cref="DatasetCatalogue.TrainDigest"/>: for each file in
    /// ordinal order of its relative path, the UTF-8 path, a zero byte, the length as 8 bytes little-endian, and the content.
    /// </summary>
    public string Digest { get; }

    /// <summary>Number of usable images of each label, indexed by label (see <see cref="RpsLabels"/>).</summary>
    public IReadOnlyList<int> CountPerLabel() =>
        Enumerable.Range(0, RpsLabels.Count).Select(label => Images.Count(i => i.Label == label)).ToArray();

    /// <summary>
    /// Reads and checks a folder: every sub-folder must be named after a label (hidden entries, starting with a dot,
    /// are ignored); every label folder present must hold at least one usable image; a label folder may be absent.
    /// Each image is decoded once to check it.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="limits">Limits an image must be within (as serving checks them); default <see cref="ImageLimits"/>' defaults.</param>
    /// <returns>The usable images, the skipped files and the digest.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A sub-folder is not a label, a label folder holds no usable image, or the
    /// folder holds no image at all; the message names the folder.</exception>
    public static LabeledImageFolder Read(string folder, ImageLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        limits ??= new ImageLimits();
        limits.Validate();
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Image folder '{root}' does not exist; expected <label>/*.png|jpg|jpeg with labels {string.Join(", ", RpsLabels.Names)}.");
        }

        var skipped = new List<SkippedFile>();
        var candidates = new List<LabeledImage>();
        var labelFolders = ListLabelFolders(root, skipped);
        foreach (var (label, labelFolder) in labelFolders)
        {
            candidates.AddRange(ListCandidates(labelFolder, label, skipped));
        }

        var problems = new string?[candidates.Count];
        Parallel.For(0, candidates.Count, i => problems[i] = Check(candidates[i].Path, limits));
        var images = new List<LabeledImage>();
        for (int i = 0; i < candidates.Count; i++)
        {
            if (problems[i] is { } problem)
            {
                skipped.Add(new SkippedFile(candidates[i].RelativePath, problem));
            }
            else
            {
                images.Add(candidates[i]);
            }
        }
        images.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        skipped.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));

        var empty = labelFolders.Where(f => !images.Any(i => i.Label == f.Label)).Select(f => RpsLabels.NameOf(f.Label)).ToArray();
        if (images.Count == 0)
        {
            throw new InvalidDataException(
                $"Image folder '{root}' holds no usable images; expected <label>/*.png|jpg|jpeg with labels {string.Join(", ", RpsLabels.Names)}" +
                SkippedSuffix(skipped));
        }
        if (empty.Length > 0)
        {
            throw new InvalidDataException(
                $"Label folder(s) {string.Join(", ", empty.Select(e => $"'{Path.Combine(root, e)}'"))} hold no usable images; " +
                "put .png/.jpg/.jpeg photos in each label folder or remove the empty one" + SkippedSuffix(skipped));
        }
        return new LabeledImageFolder(root, images, skipped, ImageSetDigest.Compute(images));
    }

    private static List<(int Label, string Path)> ListLabelFolders(string root, List<SkippedFile> skipped)
    {
        var folders = new List<(int, string)>();
        var unknown = new List<string>();
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.Name.StartsWith('.'))
            {
                continue;
            }
            if (entry is FileInfo)
            {
                skipped.Add(new SkippedFile(entry.Name, "not inside a label folder"));
                continue;
            }
            int label = IndexOfLabel(entry.Name);
            if (label < 0)
            {
                unknown.Add(entry.Name);
            }
            else
            {
                folders.Add((label, entry.FullName));
            }
        }
        if (unknown.Count > 0)
        {
            throw new InvalidDataException(
                $"Image folder '{root}' has folder(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} that are not labels of the model; " +
                $"allowed label folders: {string.Join(", ", RpsLabels.Names)}.");
        }
        return folders;
    }

    private static int IndexOfLabel(string name)
    {
        for (int i = 0; i < RpsLabels.Count; i++)
        {
            if (string.Equals(RpsLabels.Names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private static IEnumerable<LabeledImage> ListCandidates(string labelFolder, int label, List<SkippedFile> skipped)
    {
        string labelName = RpsLabels.NameOf(label);
        var candidates = new List<LabeledImage>();
        foreach (var entry in new DirectoryInfo(labelFolder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            string relative = $"{labelName}/{entry.Name}";
            if (entry.Name.StartsWith('.'))
            {
                continue;
            }
            if (entry is not FileInfo)
            {
                skipped.Add(new SkippedFile(relative, "a folder inside a label folder is not read"));
            }
            else if (!Extensions.Contains(Path.GetExtension(entry.Name).ToLowerInvariant()))
            {
                skipped.Add(new SkippedFile(relative, $"not a {string.Join(", ", Extensions)} file"));
            }
            else
            {
                candidates.Add(new LabeledImage(entry.FullName, relative, label, HandIds.FromFileName(entry.Name), DataSplit.Train));
            }
        }
        return candidates;
    }

    /// <summary>Null when the file decodes within the limits; otherwise why not.</summary>
    private static string? Check(string path, ImageLimits limits)
    {
        try
        {
            ImagePreprocessor.DecodeResized(File.ReadAllBytes(path), CheckDecode, limits);
            return null;
        }
        catch (InvalidImageException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }
    }

    private static string SkippedSuffix(List<SkippedFile> skipped) =>
        skipped.Count == 0 ? "." : $" ({skipped.Count} file(s) skipped: " +
            string.Join("; ", skipped.Take(5).Select(s => $"{s.RelativePath}: {s.Reason}")) + (skipped.Count > 5 ? "; …" : "") + ").";
}
