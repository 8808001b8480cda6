using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace RpsVision.Serving.Requests;

/// <summary>Reads request bodies into memory within the configured size limit.</summary>
internal static class RequestBodyReader
{
    /// <summary>The media types accepted as a raw image body (besides <c>multipart/form-data</c>).</summary>
    public static readonly string[] ImageMediaTypes =
        ["image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp", "application/octet-stream"];

    /// <summary>
    /// The image of a <c>POST /predict</c>: the raw body (<c>image/*</c> or <c>application/octet-stream</c>) or
    /// the one file of a <c>multipart/form-data</c> body.
    /// </summary>
    /// <exception cref="RequestRefusedException">415 for another content type, 413 past the limit, 400 for a
    /// form without a file.</exception>
    public static async Task<PooledBytes> ReadImageAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? mediaType))
        {
            throw UnsupportedType(request.ContentType);
        }
        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadFormImageAsync(request, maxBytes, cancellationToken);
        }
        bool isImage = mediaType.Type.Equals("image", StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
        if (!isImage)
        {
            throw UnsupportedType(request.ContentType);
        }
        return await ReadPooledAsync(request, maxBytes, cancellationToken);
    }

    /// <summary>The whole body, whatever its content type.</summary>
    /// <exception cref="RequestRefusedException">413 past the limit; 400 if the client stops early.</exception>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        long? declared = request.ContentLength;
        if (declared > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        try
        {
            if (declared is long length)
            {
                var body = new byte[length];
                int read = await request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken);
                return read == body.Length ? body : throw Incomplete(read, length);
            }
            return await LimitedStreamReader.ReadAllAsync(request.Body, maxBytes, () => TooLarge(maxBytes), cancellationToken);
        }
        catch (BadHttpRequestException e)
        {
            throw Refused(e, maxBytes);
        }
    }

    private static async Task<PooledBytes> ReadPooledAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is not long length || length > maxBytes)
        {
            return PooledBytes.Wrap(await ReadBytesAsync(request, maxBytes, cancellationToken));
        }
        var body = PooledBytes.Rent((int)length);
        try
        {
            int read = await request.Body.ReadAtLeastAsync(body.Memory, body.Length, throwOnEndOfStream: false, cancellationToken);
            return read == body.Length ? body : throw Incomplete(read, length);
        }
        catch (BadHttpRequestException e)
        {
            body.Dispose();
            throw Refused(e, maxBytes);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private static async Task<PooledBytes> ReadFormImageAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes }, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxBytes);
        }
        catch (InvalidDataException e)
        {
            bool tooLong = e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase);
            throw tooLong
                ? TooLarge(maxBytes)
                : new RequestRefusedException(StatusCodes.Status400BadRequest, "Malformed form", $"The multipart body cannot be read: {e.Message}");
        }
        IFormFile file = PickImageFile(form.Files);
        var bytes = PooledBytes.Rent((int)file.Length);
        await using Stream stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes.Memory, cancellationToken);
        return bytes;
    }

    private static IFormFile PickImageFile(IFormFileCollection files)
    {
        IFormFile? named = files.GetFile("image") ?? files.GetFile("file");
        if (named is not null)
        {
            return named;
        }
        return files.Count switch
        {
            1 => files[0],
            0 => throw new RequestRefusedException(StatusCodes.Status400BadRequest, "No image in the form",
                "The multipart form holds no file; send the image as a file field, e.g. curl -F image=@photo.png."),
            _ => throw new RequestRefusedException(StatusCodes.Status400BadRequest, "Several files in the form",
                $"The form holds {files.Count} files ({string.Join(", ", files.Select(f => f.Name))}); send one, or name it 'image'."),
        };
    }

    /// <summary>Kestrel's own MaxRequestBodySize (set from the same option) or a malformed chunked body.</summary>
    private static RequestRefusedException Refused(BadHttpRequestException e, long maxBytes) =>
        e.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? TooLarge(maxBytes)
            : new RequestRefusedException(e.StatusCode, "Bad request body", e.Message);

    private static RequestRefusedException Incomplete(int read, long length) => new(StatusCodes.Status400BadRequest,
        "Incomplete body", $"The body ended after {read} of the {length} bytes its Content-Length announced.");

    private static RequestRefusedException TooLarge(long maxBytes) => new(StatusCodes.Status413PayloadTooLarge, "Body too large",
        $"The request body is larger than {maxBytes} bytes (Serving:MaxRequestBodyBytes).");

    private static RequestRefusedException UnsupportedType(string? contentType)
    {
        string hint = contentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true
            ? " To classify an image by URL, POST {\"url\": ...} to /gateway/predict."
            : "";
        return new(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
            $"Content-Type '{contentType ?? "(none)"}' is not accepted; send the image with one of " +
            $"{string.Join(", ", ImageMediaTypes)}, image/*, or as the file of a multipart/form-data body.{hint}");
    }
}
