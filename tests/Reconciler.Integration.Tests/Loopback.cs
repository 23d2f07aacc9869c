using System.Net;
using System.Net.Sockets;

namespace Reconciler.Integration.Tests;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 that answers every request as it is told: a proxy's HTML page, a
/// redirect elsewhere, or a pass-through to the GitHub double that spoils chosen answers.
/// </summary>
public sealed class Loopback : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _answer;
    private readonly Task _loop;

    private Loopback(Func<HttpListenerContext, Task> answer)
    {
        _answer = answer;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>Headers of every request received, in order.</summary>
    public List<(string PathAndQuery, string? Authorization)> Seen { get; } = [];

    public static Loopback Start(Func<HttpListenerContext, Task> answer) => new(answer);

    /// <summary>Answers 200 with <paramref name="contentType"/> and <paramref name="body"/>.</summary>
    public static Func<HttpListenerContext, Task> Page(string contentType, string body) => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        await context.Response.OutputStream.WriteAsync(bytes);
    };

    /// <summary>Passes requests on to <paramref name="target"/> and relays its answers (status, content type, body and GitHub's headers).</summary>
    public static async Task Forward(HttpListenerContext context, Uri target)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(target, context.Request.Url!.PathAndQuery.TrimStart('/')));
        foreach (var name in context.Request.Headers.AllKeys.OfType<string>().Where(n => n is not "Host" and not "Content-Length" and not "Content-Type"))
        {
            request.Headers.TryAddWithoutValidation(name, context.Request.Headers.GetValues(name) ?? []);
        }

        if (context.Request.HasEntityBody)
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            request.Content = new ByteArrayContent(body.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
        }

        using var response = await http.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Where(h => h.Key.StartsWith("x-", StringComparison.OrdinalIgnoreCase) || h.Key is "ETag" or "Location"))
        {
            context.Response.Headers[header.Key] = string.Join(",", header.Value);
        }

        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        await context.Response.OutputStream.WriteAsync(bytes);
    }

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

            lock (Seen)
            {
                Seen.Add((context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"]));
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await _answer(context);
                }
                finally
                {
                    context.Response.Close();
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
