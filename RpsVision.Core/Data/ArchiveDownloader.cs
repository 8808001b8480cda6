using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace RpsVision.Core.Data;

/// <summary>
/// Downloads an archive into a folder: resumes a <c>.part</c> file with an HTTP Range request, verifies size
/// and SHA-256, then renames the part to its final name (so a file under the final name is always verified).
/// A file that fails verification is quarantined and an <see cref="ArchiveVerificationException"/> thrown.
/// </summary>
internal sealed class ArchiveDownloader(HttpClient http, DownloadOptions options, TimeProvider? time = null)
{
    private const int BufferSize = 1 << 16;
    private const long ProgressStep = 1 << 20;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Returns the path of the verified archive, downloading it only when it is not already there.</summary>
    public async Task<string> EnsureAsync(DatasetArchive archive, string folder, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var final = Path.Combine(folder, archive.FileName);
        if (File.Exists(final))
        {
            var (size, sha) = await DigestAsync(final, ct);
            if (Matches(archive, size, sha))
            {
                progress?.Report(new DownloadProgress(archive.FileName, size, archive.SizeBytes));
                return final;
            }

            // Not what the options promise (e.g. another mirror's file): keep it aside and fetch again.
            Quarantine(final);
        }

        var part = final + ".part";
        await DownloadWithRetriesAsync(archive, part, progress, ct);

        var (partSize, partSha) = await DigestAsync(part, ct);
        if (!Matches(archive, partSize, partSha))
        {
            var quarantined = Quarantine(part, final);
            throw new ArchiveVerificationException(
                archive.FileName, archive.SizeBytes, partSize, archive.Sha256.ToLowerInvariant(), partSha, quarantined);
        }

        File.Move(part, final, overwrite: true);
        return final;
    }

    private async Task DownloadWithRetriesAsync(DatasetArchive archive, string part, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var uri = ArchiveUri(options.BaseUrl, archive.FileName);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await FetchAsync(uri, archive, part, progress, ct);
                return;
            }
            catch (Exception e) when (attempt < options.MaxAttempts && IsTransient(e, ct))
            {
                await Task.Delay(options.RetryDelay, _time, ct);
            }
        }
    }

    private async Task FetchAsync(Uri uri, DatasetArchive archive, string part, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var existing = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (existing > archive.SizeBytes)
        {
            File.Delete(part);
            existing = 0;
        }

        if (existing == archive.SizeBytes)
        {
            return; // Complete from an earlier attempt; verification decides.
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            File.Delete(part);
            throw new IOException($"{uri} refused to resume '{archive.FileName}' at byte {existing}; the next attempt starts over.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"Downloading {uri} failed: {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        // A server that ignores Range answers 200 with the whole file: start the part again.
        var append = existing > 0 && response.StatusCode == HttpStatusCode.PartialContent
            && response.Content.Headers.ContentRange?.From == existing;

        await using var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await CopyWithProgressAsync(body, file, archive, append ? existing : 0, progress, ct);
    }

    private static async Task CopyWithProgressAsync(
        Stream body, FileStream file, DatasetArchive archive, long done, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var buffer = new byte[BufferSize];
        var reported = done;
        progress?.Report(new DownloadProgress(archive.FileName, done, archive.SizeBytes));
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
            done += read;
            if (done - reported >= ProgressStep)
            {
                progress?.Report(new DownloadProgress(archive.FileName, done, archive.SizeBytes));
                reported = done;
            }

            if (done > archive.SizeBytes)
            {
                break; // Longer than promised: verification fails and quarantines it; no need to read on.
            }
        }

        progress?.Report(new DownloadProgress(archive.FileName, done, archive.SizeBytes));
    }

    internal static Uri ArchiveUri(Uri baseUrl, string fileName)
    {
        // Without a trailing slash Uri would replace the last segment of the base instead of appending.
        var text = baseUrl.AbsoluteUri;
        return new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), Uri.EscapeDataString(fileName));
    }

    private static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } status } => (int)status >= 500 || status == HttpStatusCode.RequestTimeout,
        IOException => true,
        TaskCanceledException => !ct.IsCancellationRequested, // HttpClient's timeout
        _ => false,
    };

    private static bool Matches(DatasetArchive archive, long size, string sha) =>
        size == archive.SizeBytes && string.Equals(sha, archive.Sha256, StringComparison.OrdinalIgnoreCase);

    private static async Task<(long Size, string Sha256)> DigestAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return (stream.Length, Convert.ToHexStringLower(hash));
    }

    private string Quarantine(string path, string? nameAs = null)
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var target = $"{nameAs ?? path}.corrupt-{stamp}";
        for (var n = 1; File.Exists(target); n++)
        {
            target = $"{nameAs ?? path}.corrupt-{stamp}-{n}";
        }

        File.Move(path, target);
        return target;
    }
}
