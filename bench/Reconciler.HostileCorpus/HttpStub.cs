using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Reconciler.HostileCorpus;

/// <summary>
/// A tiny HTTP server standing in for a proxy or a wrong <c>--api-url</c>: every request gets the answer
/// <see cref="Answer"/> makes; each request's <c>Host</c> and <c>Authorization</c> are recorded.
/// </summary>
public sealed class HttpStub : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public HttpStub(Func<HttpListenerRequest, (int Status, string ContentType, string Body, string? Location)> answer)
    {
        Port = FreePort();
        Answer = answer;
        _listener.Prefixes.Add($"http://*:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    public Func<HttpListenerRequest, (int Status, string ContentType, string Body, string? Location)> Answer { get; }

    /// <summary>(Host header, Authorization header or null, path) of every request.</summary>
    public ConcurrentQueue<(string Host, string? Authorization, string Path)> Requests { get; } = new();

    public static (int, string, string, string?) Html(HttpListenerRequest _) => (200, "text/html; charset=utf-8", "<!doctype html><html><body>Sign in to the proxy</body></html>", null);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var request = context.Request;
            Requests.Enqueue((request.Headers["Host"] ?? "", request.Headers["Authorization"], request.Url?.PathAndQuery ?? ""));
            var (status, type, body, location) = Answer(request);
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            if (location is not null)
            {
                context.Response.RedirectLocation = location;
            }

            try
            {
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // the client went away
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Closing a wildcard listener can fail when another stub reused the port meanwhile; it is closed either way.
        }

        await _loop.ConfigureAwait(false);
    }
}
