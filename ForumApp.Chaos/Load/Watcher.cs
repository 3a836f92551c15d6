using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ForumApp.Chaos.Load;

/// <summary>One thread event as a client keeps it: what it says, not when it came.</summary>
internal readonly record struct HeldEvent(string Kind, long? CommentId);

/// <summary>
/// A hub client watching one thread, as a browser tab would: it holds every event it received by seq
/// (live or through catch-up) and, whenever its connection drops, reconnects, to the same instance or the
/// other one, and rejoins after the last event it holds without a gap, so JoinThread hands back what it missed.
/// </summary>
internal sealed class Watcher(int index, long threadId, IReadOnlyList<Uri> servers, bool catchUp, Random random)
{
    private const int PageSize = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, HeldEvent> _held = [];
    private long _contiguous;
    private long _live;
    private long _caughtUp;
    private int _conflicts;
    private int _reconnects;
    private int _kills;
    private volatile ClientWebSocket? _socket;
    private volatile bool _connected;

    public int Index { get; } = index;
    public long ThreadId { get; } = threadId;
    public int Home => Index % servers.Count;

    /// <summary>The instance this client is (or was last) connected to.</summary>
    public Uri Server { get; private set; } = servers[index % servers.Count];

    public bool Connected => _connected;
    public long LiveEvents => Interlocked.Read(ref _live);
    public long CaughtUpEvents => Interlocked.Read(ref _caughtUp);
    public int Conflicts => Volatile.Read(ref _conflicts);
    /// <summary>Times this client joined again after losing its connection.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);
    public int Kills => Volatile.Read(ref _kills);

    /// <summary>The last seq up to which this client holds every event.</summary>
    public long Contiguous
    {
        get
        {
            lock (_gate)
            {
                return _contiguous;
            }
        }
    }

    /// <summary>A copy of the events held, by seq.</summary>
    public SortedDictionary<long, HeldEvent> Held()
    {
        lock (_gate)
        {
            return new SortedDictionary<long, HeldEvent>(_held);
        }
    }

    /// <summary>Connects (to its home instance first), joins, and stays connected until <paramref name="stop"/>.</summary>
    public async Task RunAsync(TaskCompletionSource joined, CancellationToken stop)
    {
        var attempt = 0;
        while (!stop.IsCancellationRequested)
        {
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Server = servers[(Home + attempt) % servers.Count];
            var connection = Build(Server, closed);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                await connection.StartAsync(timeout.Token);
                await JoinAsync(connection, rejoin: joined.Task.IsCompleted, timeout.Token);
                _connected = true;
                if (!joined.TrySetResult())
                {
                    Interlocked.Increment(ref _reconnects);
                }

                attempt = 0;
                await closed.Task.WaitAsync(stop);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // A refused connection (the instance is down) or a join cut short: try the next instance.
                attempt++;
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _connected = false;
                await DisposeQuietlyAsync(connection);
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            // Away for a moment, as a phone changing networks: events posted meanwhile must come back through catch-up.
            await Delay(TimeSpan.FromMilliseconds(200 + random.Next(800) + (Math.Min(attempt, 10) * 200)), stop);
        }
    }

    /// <summary>Drops the connection without a close handshake: the socket is aborted under SignalR.</summary>
    public void KillSocket()
    {
        if (_socket is { } socket && _connected)
        {
            Interlocked.Increment(ref _kills);
            socket.Abort();
        }
    }

    private HubConnection Build(Uri server, TaskCompletionSource closed)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/threads"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, ct) =>
                {
                    var socket = new ClientWebSocket();
                    try
                    {
                        await socket.ConnectAsync(context.Uri, ct);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }

                    _socket = socket;
                    return socket;
                };
            })
            .Build();
        connection.On<JsonElement>("ThreadEvent", e => Receive(e, live: true));
        connection.On<JsonElement>("Presence", _ => { });
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return connection;
    }

    private async Task JoinAsync(HubConnection connection, bool rejoin, CancellationToken ct)
    {
        while (true)
        {
            long after;
            lock (_gate)
            {
                after = _contiguous;
            }

            var missed = await connection.InvokeAsync<List<JsonElement>>("JoinThread", ThreadId, after, ct);
            if (rejoin && !catchUp)
            {
                // A client that only listens from now on: what it missed while away stays missed.
                return;
            }

            foreach (var e in missed)
            {
                Receive(e, live: false);
            }

            if (missed.Count < PageSize)
            {
                return;
            }
        }
    }

    private void Receive(JsonElement e, bool live)
    {
        if (e.GetProperty("threadId").GetInt64() != ThreadId)
        {
            return;
        }

        var seq = e.GetProperty("seq").GetInt64();
        var comment = e.GetProperty("comment");
        var held = new HeldEvent(e.GetProperty("kind").GetString()!, comment.ValueKind == JsonValueKind.Object ? comment.GetProperty("id").GetInt64() : null);
        Interlocked.Increment(ref live ? ref _live : ref _caughtUp);
        lock (_gate)
        {
            if (_held.TryGetValue(seq, out var before))
            {
                if (before != held)
                {
                    // The same seq with different content: two events claim one place in the thread.
                    _conflicts++;
                }

                return;
            }

            _held[seq] = held;
            while (_held.ContainsKey(_contiguous + 1))
            {
                _contiguous++;
            }
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task DisposeQuietlyAsync(HubConnection connection)
    {
        try
        {
            await connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // Closing a connection to a dead instance is best effort.
        }
    }
}
