using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

using RpsVision.Serving.Requests;

namespace RpsVision.Serving.Gateway;

/// <summary>
/// Fetches an image from a user-given URL without letting the user reach what the server can reach: http and
/// https only, allow-listed hosts only, the resolved addresses checked at connect time (so a DNS answer cannot
/// change between the check and the connection), no proxy, each redirect checked like the first URL, and the
/// size and time bounded.
/// </summary>
internal sealed class SafeImageFetcher : IDisposable
{
    private readonly GatewayOptions _options;
    private readonly HttpClient _client;

    public SafeImageFetcher(IOptions<GatewayOptions> options)
    {
        _options = options.Value;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectToPermittedAddressAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("RpsVision-Gateway/1.0");
    }

    /// <summary>The image's bytes.</summary>
    /// <exception cref="RequestRefusedException">The URL is refused or the fetch fails; its status code says how.</exception>
    public async Task<byte[]> FetchAsync(string? url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw new RequestRefusedException(StatusCodes.Status400BadRequest, "Invalid URL", $"'{url}' is not an absolute URL.");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            for (int redirects = 0; ; redirects++)
            {
                CheckUrl(uri);
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (IsRedirect(response.StatusCode))
                {
                    uri = NextLocation(uri, response, redirects);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                {
                    throw new RequestRefusedException(StatusCodes.Status502BadGateway, "Image URL failed",
                        $"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                }
                return await ReadLimitedAsync(response, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RequestRefusedException(StatusCodes.Status504GatewayTimeout, "Image URL timed out",
                $"Fetching {uri} took longer than {_options.Timeout.TotalSeconds:0.###} s (Gateway:Timeout).");
        }
        catch (HttpRequestException e) when (e.InnerException is RequestRefusedException refused)
        {
            throw refused;
        }
        catch (HttpRequestException e)
        {
            throw new RequestRefusedException(StatusCodes.Status502BadGateway, "Image URL failed", $"Fetching {uri} failed: {e.Message}");
        }
    }

    public void Dispose() => _client.Dispose();

    private void CheckUrl(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new RequestRefusedException(StatusCodes.Status400BadRequest, "URL scheme not allowed",
                $"The scheme '{uri.Scheme}' is not allowed; only http and https are.");
        }
        if (!IsAllowedHost(uri.IdnHost))
        {
            throw new RequestRefusedException(StatusCodes.Status403Forbidden, "Host not allowed",
                $"The host '{uri.IdnHost}' is not on Gateway:AllowedHosts ({string.Join(", ", _options.AllowedHosts)}).");
        }
    }

    private bool IsAllowedHost(string host)
    {
        host = host.Trim('[', ']').TrimEnd('.');
        foreach (string allowed in _options.AllowedHosts)
        {
            bool match = allowed.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase) && host.Length > allowed.Length - 1
                : string.Equals(host, allowed.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);
            if (match)
            {
                return true;
            }
        }
        return false;
    }

    private Uri NextLocation(Uri current, HttpResponseMessage response, int redirectsSoFar)
    {
        if (redirectsSoFar >= _options.MaxRedirects)
        {
            throw new RequestRefusedException(StatusCodes.Status502BadGateway, "Too many redirects",
                $"{current} redirected more than {_options.MaxRedirects} times (Gateway:MaxRedirects).");
        }
        Uri location = response.Headers.Location
            ?? throw new RequestRefusedException(StatusCodes.Status502BadGateway, "Image URL failed",
                $"{current} answered {(int)response.StatusCode} without a Location header.");
        return location.IsAbsoluteUri ? location : new Uri(current, location);
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        long max = _options.MaxImageBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw TooLarge(max);
        }
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await LimitedStreamReader.ReadAllAsync(body, max, () => TooLarge(max), cancellationToken);
    }

    private static RequestRefusedException TooLarge(long max) => new(StatusCodes.Status413PayloadTooLarge, "Image too large",
        $"The image at the URL is larger than {max} bytes (Gateway:MaxImageBytes).");

    private async ValueTask<Stream> ConnectToPermittedAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        string host = context.DnsEndPoint.Host.Trim('[', ']');
        IPAddress[] resolved = IPAddress.TryParse(host, out IPAddress? literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        IPAddress[] permitted = _options.AllowPrivateAddresses ? resolved : resolved.Where(AddressPolicy.IsPublic).ToArray();
        if (permitted.Length == 0)
        {
            throw new RequestRefusedException(StatusCodes.Status403Forbidden, "Address not allowed",
                $"The host '{host}' resolves to {string.Join(", ", resolved.Select(a => a.ToString()))}: not a public address " +
                "(loopback, private and link-local addresses are refused unless Gateway:AllowPrivateAddresses is true).");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
