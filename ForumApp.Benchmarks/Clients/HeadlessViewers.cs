using ForumApp.Benchmarks.BlazorClient;
using ForumApp.Benchmarks.Hosting;

namespace ForumApp.Benchmarks.Clients;

/// <summary>
/// N thread pages held open by the headless Blazor client (one circuit each, no browser), all in this
/// process, sharing one connection handler. A circuit that fails to start is counted, not retried: the
/// figure at 10,000 must show what was reached.
/// </summary>
internal sealed class HeadlessViewers : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly HeadlessBrowser _browser = new();
    private readonly List<BlazorCircuit> _circuits = [];
    private volatile CommentSightings? _sightings;
    private int _failedToStart;

    public HeadlessViewers()
    {
        _browser.OnComment = (circuit, commentId, at) => _sightings?.Record(circuit, commentId, at);
    }

    /// <summary>How long each page waits before it answers a batch (<see cref="HeadlessBrowser.AnswerDelay"/>), from now on; null for at once.</summary>
    public Func<TimeSpan>? AnswerDelay
    {
        get => _browser.AnswerDelay;
        set => _browser.AnswerDelay = value;
    }

    public int Count => _circuits.Count;

    public int FailedToStart => Volatile.Read(ref _failedToStart);

    public int Connected => _circuits.Count(c => c.State == CircuitState.Connected);

    public int Reconnections => _circuits.Sum(c => c.Reconnections);

    public IReadOnlyList<string> Errors => _circuits.Where(c => c.Error is not null).Select(c => c.Error!).Distinct().Take(5).ToList();

    public IReadOnlyDictionary<string, int> InteropCalls => _browser.Answers.Seen;

    /// <summary>What has flowed over every circuit's socket so far; subtract two of these to see a phase's traffic.</summary>
    public CircuitTraffic Traffic() => new(
        _circuits.Sum(c => c.Batches), _circuits.Sum(c => c.InteropCalls), _circuits.Sum(c => c.MessagesReceived), _circuits.Sum(c => c.MessagesSent));

    /// <summary>Opens <paramref name="count"/> more pages of <paramref name="page"/>, a few dozen handshakes at a time.</summary>
    public async Task OpenAsync(Uri page, int count, string label, AppServer server, CancellationToken ct)
    {
        var first = _circuits.Count;
        var circuits = Enumerable.Range(first, count).Select(i => new BlazorCircuit(_browser, page, i)).ToList();
        _circuits.AddRange(circuits);
        var next = -1;
        var started = 0;
        await using (Progress.Every(TimeSpan.FromSeconds(5), label, () => $"{Volatile.Read(ref started)}/{count} circuits interactive, {FailedToStart} failed", server))
        {
            var workers = Enumerable.Range(0, Math.Min(32, count)).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < count)
                {
                    ct.ThrowIfCancellationRequested();
                    try
                    {
                        await circuits[index].StartAsync(StartTimeout, ct);
                        Interlocked.Increment(ref started);
                    }
                    catch (InvalidOperationException)
                    {
                        Interlocked.Increment(ref _failedToStart);
                    }
                }
            }).ToList();
            await Task.WhenAll(workers);
        }
    }

    /// <summary>Which circuits are connected now: only they are expected to see what is posted next.</summary>
    public bool[] Live() => _circuits.Select(c => c.State == CircuitState.Connected).ToArray();

    public CommentSightings Arm(long afterCommentId)
    {
        var sightings = new CommentSightings(afterCommentId, _circuits.Count);
        _sightings = sightings;
        return sightings;
    }

    public void Disarm() => _sightings = null;

    /// <summary>Closes every circuit as a leaving browser does (the disconnect beacon), so the server frees them now.</summary>
    public async ValueTask DisposeAsync() => await _browser.DisposeAsync();
}

/// <summary>Totals over the circuits: render batches and interop calls received, hub messages each way.</summary>
internal sealed record CircuitTraffic(long Batches, long InteropCalls, long Received, long Sent)
{
    public static CircuitTraffic operator -(CircuitTraffic a, CircuitTraffic b) =>
        new(a.Batches - b.Batches, a.InteropCalls - b.InteropCalls, a.Received - b.Received, a.Sent - b.Sent);

    /// <summary>Per circuit per comment (or per circuit per second), for the progress lines.</summary>
    public string Per(int circuits, double units, string unit) => circuits == 0 || units <= 0 ? "" :
        $"per circuit per {unit}: {Batches / (circuits * units):0.00} batches, {InteropCalls / (circuits * units):0.00} interop calls, " +
        $"{Received / (circuits * units):0.00} messages in, {Sent / (circuits * units):0.00} out";
}
