using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// A TCP proxy between a browser and the app that makes the network slow: every chunk read in either
/// direction is forwarded <see cref="Delay"/> after it arrived, in the order it arrived (a fixed delay per
/// direction, like a long cable, not a slow link). <see cref="DropAll"/> cuts every open connection, as a
/// network that goes away would. A 400 ms round trip is <c>Delay = 200 ms</c>.
/// </summary>
public sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, Connection> _connections = new();
    private readonly Task _accepting;
    private int _nextId;

    public DelayingProxy(Uri target, TimeSpan delay)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        Delay = delay;
        _listener.Start();
        Address = new UriBuilder(target) { Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port }.Uri;
        _accepting = AcceptAsync();
    }

    /// <summary>Where the browser goes instead of the app: same scheme and path, the proxy's port.</summary>
    public Uri Address { get; }

    /// <summary>How long each chunk waits, in each direction; may change while connections are open.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>While set, every new connection is closed as soon as it is accepted: the network stays down.</summary>
    public bool Refusing { get; set; }

    /// <summary>Connections accepted so far (a dropped circuit that comes back shows as a new one).</summary>
    public int ConnectionCount => Volatile.Read(ref _nextId);

    /// <summary>Closes every open connection at once; new ones are accepted as before.</summary>
    public void DropAll()
    {
        foreach (var (id, connection) in _connections)
        {
            _connections.TryRemove(id, out _);
            connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        DropAll();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            if (Refusing)
            {
                client.Dispose();
                continue;
            }

            var id = Interlocked.Increment(ref _nextId);
            _ = Task.Run(() => ServeAsync(id, client));
        }
    }

    private async Task ServeAsync(int id, TcpClient client)
    {
        var server = new TcpClient();
        var connection = new Connection(client, server);
        _connections[id] = connection;
        try
        {
            client.NoDelay = true;
            server.NoDelay = true;
            await server.ConnectAsync(_target, connection.Token);
            await Task.WhenAll(
                PumpAsync(client.GetStream(), server.GetStream(), connection),
                PumpAsync(server.GetStream(), client.GetStream(), connection));
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // One side closed or the connection was dropped: the other side is closed below.
        }
        finally
        {
            _connections.TryRemove(id, out _);
            connection.Dispose();
        }
    }

    // Reading never waits for the delay: chunks queue with the time they are due, and a writer sends
    // each one when it is due, so order is kept and the delay does not add up chunk after chunk.
    private async Task PumpAsync(NetworkStream from, NetworkStream to, Connection connection)
    {
        var queue = Channel.CreateUnbounded<(long DueTicks, byte[] Data)>(new() { SingleReader = true, SingleWriter = true });
        var writing = WriteAsync(queue.Reader, to, connection);
        try
        {
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var read = await from.ReadAsync(buffer, connection.Token);
                if (read == 0)
                {
                    break;
                }

                var due = Environment.TickCount64 + (long)Delay.TotalMilliseconds;
                queue.Writer.TryWrite((due, buffer.AsSpan(0, read).ToArray()));
            }
        }
        finally
        {
            queue.Writer.TryComplete();
            await writing;
            connection.Dispose();
        }
    }

    private static async Task WriteAsync(ChannelReader<(long DueTicks, byte[] Data)> queue, NetworkStream to, Connection connection)
    {
        try
        {
            await foreach (var (due, data) in queue.ReadAllAsync(connection.Token))
            {
                var wait = due - Environment.TickCount64;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), connection.Token);
                }

                await to.WriteAsync(data, connection.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            connection.Dispose();
        }
    }

    private sealed class Connection(TcpClient client, TcpClient server) : IDisposable
    {
        private readonly CancellationTokenSource _closing = new();
        private int _disposed;

        public CancellationToken Token => _closing.Token;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            _closing.Cancel();
            client.Dispose();
            server.Dispose();
            _closing.Dispose();
        }
    }
}
