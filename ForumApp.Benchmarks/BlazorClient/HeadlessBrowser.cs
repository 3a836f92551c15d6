using System.Collections.Concurrent;
using System.Net;

namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>
/// What every headless circuit of one process shares: one SocketsHttpHandler (page loads, negotiation and
/// the WebSockets), the JS interop answers, one keep-alive loop that pings every connected circuit (a
/// SignalR server drops a client it has not heard from in 30 s) and the observer of inserted comments.
/// Thousands of circuits cost one receive loop each and no thread.
/// </summary>
public sealed class HeadlessBrowser : IAsyncDisposable
{
    private readonly ConcurrentDictionary<BlazorCircuit, byte> _circuits = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _keepAlive;

    /// <param name="pingEvery">How often each circuit pings: 15 s as SignalR clients do, unless a test wants it sooner.</param>
    public HeadlessBrowser(TimeSpan? pingEvery = null)
    {
        Handler = new SocketsHttpHandler
        {
            // Each WebSocket holds a connection of its own; the page loads and negotiations share the rest.
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        Http = new HttpClient(Handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) };
        _keepAlive = KeepAliveAsync(pingEvery ?? TimeSpan.FromSeconds(15), _stop.Token);
    }

    public SocketsHttpHandler Handler { get; }

    public HttpClient Http { get; }

    public JsInteropAnswers Answers { get; } = new();

    /// <summary>Set before opening circuits; called from their receive loops, so it must be quick and thread-safe.</summary>
    public CommentSeen? OnComment { get; set; }

    public int Open => _circuits.Count;

    /// <summary>
    /// How long a page waits before it answers what it received (a batch's acknowledgement, an interop answer), drawn
    /// for each answer; null answers at once. A browser acknowledges a batch after it has drawn it, and a busy or
    /// distant one later still: answers that come back spread out cost the server more than a burst of them
    /// (docs/PERFORMANCE.md, twelfth run). Set before opening circuits; called from their receive loops.
    /// </summary>
    public Func<TimeSpan>? AnswerDelay { get; set; }

    internal void Register(BlazorCircuit circuit) => _circuits.TryAdd(circuit, 0);

    internal void Unregister(BlazorCircuit circuit) => _circuits.TryRemove(circuit, out _);

    private async Task KeepAliveAsync(TimeSpan pingEvery, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(pingEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                // A few hundred at a time: the pings are tiny, but ten thousand sends at once would queue on the pool.
                foreach (var chunk in _circuits.Keys.Chunk(256))
                {
                    await Task.WhenAll(chunk.Select(c => c.PingAsync()));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _keepAlive;
        foreach (var chunk in _circuits.Keys.ToList().Chunk(200))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }

        Http.Dispose();
        Handler.Dispose();
        _stop.Dispose();
    }
}
