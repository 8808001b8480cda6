namespace RpsVision.Serving.Models;

/// <summary>What identifies one version of the model file: size and last write time (symlinks followed).</summary>
internal readonly record struct ModelFileStamp(string Path, long Length, DateTime LastWriteUtc)
{
    public static ModelFileStamp? Read(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? new ModelFileStamp(path, file.Length, file.LastWriteTimeUtc) : null;
    }
}
