using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using ForumApp.Benchmarks.Hosting;

namespace ForumApp.Benchmarks.Clients;

/// <summary>Just the parts of a thread event the subscribers read; everything else is skipped while parsing.</summary>
internal sealed class EventStub
{
    public long Seq { get; set; }
    public CommentStub? Comment { get; set; }
}

internal sealed class CommentStub
{
    public long Id { get; set; }
}

/// <summary>
/// N SignalR connections (WebSockets, no negotiation), each its own HubConnection as a browser tab would be.
/// On each event a handler stores Stopwatch.GetTimestamp() into a preallocated slot for (subscriber, seq):
/// no locks and no allocation per message beyond parsing, so a thousand of them stay cheap.
/// </summary>
internal sealed class HubSubscribers : IAsyncDisposable
{
    private readonly List<HubConnection> _connections;
    private volatile Arrivals? _arrivals;
    private long _received;

    private HubSubscribers(List<HubConnection> connections) => _connections = connections;

    public int Count => _connections.Count;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Connects <paramref name="count"/> subscribers to <paramref name="hubUrl"/> and runs <paramref name="join"/> on each.</summary>
    public static async Task<HubSubscribers> ConnectAsync(
        Uri hubUrl, int count, Func<HubConnection, Task>? join, string label, CancellationToken ct)
    {
        var subscribers = new HubSubscribers(new List<HubConnection>(count));
        var connections = new HubConnection?[count];
        var next = -1;
        var connected = 0;
        await using (Progress.Every(TimeSpan.FromSeconds(3), label, () => $"{Volatile.Read(ref connected)}/{count} connected"))
        {
            // A few dozen handshakes at a time: a thousand at once only measures the accept queue.
            var workers = Enumerable.Range(0, Math.Min(32, count)).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < count)
                {
                    var connection = new HubConnectionBuilder()
                        .WithUrl(hubUrl, options =>
                        {
                            options.Transports = HttpTransportType.WebSockets;
                            options.SkipNegotiation = true;
                        })
                        .Build();
                    connection.ServerTimeout = TimeSpan.FromMinutes(2);
                    var slot = index;
                    connection.On<EventStub>("ThreadEvent", e => subscribers.Record(slot, e));
                    connection.On<JsonElement>("Presence", _ => { });
                    connections[index] = connection;
                    await connection.StartAsync(ct);
                    if (join is not null)
                    {
                        await join(connection);
                    }

                    Interlocked.Increment(ref connected);
                }
            }).ToList();
            try
            {
                await Task.WhenAll(workers);
            }
            catch
            {
                subscribers._connections.AddRange(connections.OfType<HubConnection>());
                await subscribers.DisposeAsync();
                throw;
            }
        }

        subscribers._connections.AddRange(connections.Select(c => c!));
        return subscribers;
    }

    /// <summary>Starts recording events with seq in (baseSeq, baseSeq + slots] for every subscriber.</summary>
    public Arrivals Arm(long baseSeq, int slots)
    {
        var arrivals = new Arrivals(baseSeq, slots, _connections.Count);
        _arrivals = arrivals;
        return arrivals;
    }

    public void Disarm() => _arrivals = null;

    private void Record(int subscriber, EventStub e)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _received);
        _arrivals?.Record(subscriber, e.Seq, now);
    }

    public async ValueTask DisposeAsync()
    {
        var closing = _connections.Select(async c =>
        {
            try
            {
                await c.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception)
            {
                // Closing is best effort; the server drops the rest when its process ends.
            }
        });
        foreach (var chunk in closing.Chunk(100))
        {
            await Task.WhenAll(chunk);
        }

        _connections.Clear();
    }
}

/// <summary>Arrival times by subscriber and by sequence offset; 0 means not (yet) received.</summary>
internal sealed class Arrivals(long baseSeq, int slots, int subscribers)
{
    private readonly long[][] _at = Enumerable.Range(0, subscribers).Select(_ => new long[slots]).ToArray();
    private long _recorded;

    public long BaseSeq { get; } = baseSeq;
    public int Subscribers { get; } = subscribers;

    public long Recorded => Interlocked.Read(ref _recorded);

    public void Record(int subscriber, long seq, long at)
    {
        var slot = seq - BaseSeq - 1;
        if ((ulong)slot < (ulong)_at[subscriber].Length && Interlocked.CompareExchange(ref _at[subscriber][slot], at, 0) == 0)
        {
            Interlocked.Increment(ref _recorded);
        }
    }

    public long At(int subscriber, long seq)
    {
        var slot = seq - BaseSeq - 1;
        return (ulong)slot < (ulong)_at[subscriber].Length ? Volatile.Read(ref _at[subscriber][slot]) : 0;
    }
}
