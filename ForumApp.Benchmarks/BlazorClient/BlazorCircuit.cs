using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>
/// One thread page opened the way blazor.web.js opens it, without a browser: GET the page (keeping its
/// cookies), read the server component markers, negotiate /_blazor, connect a WebSocket with the
/// "blazorpack" protocol, StartCircuit, then UpdateRootComponents with the markers once the server has
/// attached its renderer. Every render batch is acknowledged in order as the browser's render queue does,
/// every JS interop call answered, and a dropped socket is followed by ConnectCircuit on a new one.
/// Per circuit: one socket, one receive loop, a 4 KB buffer that grows only for a large batch.
/// </summary>
public sealed class BlazorCircuit : IAsyncDisposable
{
    private const int SmallBuffer = 4096;
    private static readonly TimeSpan[] RetryDelays =
        [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)];

    private readonly HeadlessBrowser _browser;
    private readonly Uri _pageUrl;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _life = new();
    private readonly Dictionary<string, TaskCompletionSource<object?>> _pending = [];
    private readonly List<long> _found = [];
    private readonly TaskCompletionSource _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _interactive = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<(Func<BatchView, bool> Match, TaskCompletionSource<BatchView> Found)>? _waiters;
    private ClientWebSocket? _socket;
    private byte[] _buffer = new byte[SmallBuffer];
    private int _count;
    private bool _awaitingHandshake;
    private string _cookies = "";
    private string? _title;
    private long _nextBatchId = 2;
    private int _nextInvocationId;
    private volatile bool _disposing;
    private Task _run = Task.CompletedTask;
    private long _batches;
    private long _interopCalls;
    private long _messagesSent;
    private long _messagesReceived;
    private int _reconnections;

    public BlazorCircuit(HeadlessBrowser browser, Uri pageUrl, int index = 0)
    {
        _browser = browser;
        _pageUrl = pageUrl;
        Index = index;
    }

    public int Index { get; }

    /// <summary>The circuit's secret id, as StartCircuit returns it and ConnectCircuit takes it.</summary>
    public string? CircuitId { get; private set; }

    public CircuitState State { get; private set; } = CircuitState.Created;

    /// <summary>Whether the server accepted the compression this client offers, as browsers do, on its latest socket.</summary>
    public bool Compressed { get; private set; }

    /// <summary>The last error: the server's JS.Error or close message, or why connecting failed.</summary>
    public string? Error { get; private set; }

    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>JS interop calls the server made (<c>JS.BeginInvokeJS</c>), answered or not.</summary>
    public long InteropCalls => Interlocked.Read(ref _interopCalls);

    /// <summary>Hub messages this client sent once connected: acknowledgements, interop answers, pings, completions.</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    /// <summary>Hub messages the server sent: render batches, interop calls, pings, completions.</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>How many times ConnectCircuit brought the circuit back on a new socket.</summary>
    public int Reconnections => Volatile.Read(ref _reconnections);

    /// <summary>Opens the page and starts its circuit; completes when the first interactive render has arrived.</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken ct)
    {
        State = CircuitState.Starting;
        _browser.Register(this);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, _life.Token);
        limit.CancelAfter(timeout);
        try
        {
            var page = await LoadPageAsync(limit.Token);
            _title = page.Title;
            await ConnectSocketAsync(limit.Token);
            _run = RunAsync();

            var baseUri = new Uri(_pageUrl, "/").ToString();
            var id = await InvokeAsync("StartCircuit", [baseUri, _pageUrl.ToString(), "[]", page.ApplicationState], limit.Token);
            CircuitId = id as string ?? throw new InvalidOperationException("StartCircuit returned no circuit id.");

            // blazor.web.js adds the root components once the server has attached its renderer's interop.
            await _attached.Task.WaitAsync(limit.Token);
            await SendAsync(Invocation(null, "UpdateRootComponents", [page.AddOperationsJson(), page.ApplicationState]));
            await _interactive.Task.WaitAsync(limit.Token);
            State = CircuitState.Connected;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            State = CircuitState.Failed;
            Error ??= exception is OperationCanceledException ? "timed out starting the circuit" : exception.Message;
            throw new InvalidOperationException($"Circuit {Index}: {Error}", exception);
        }
    }

    /// <summary>Drops the connection without a close handshake, as a network failure would.</summary>
    public void KillSocket() => _socket?.Abort();

    /// <summary>Waits for a render batch that <paramref name="match"/> accepts; null when none came in time.</summary>
    public async Task<BatchView?> WaitForBatchAsync(Func<BatchView, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<BatchView>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_found)
        {
            (_waiters ??= []).Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            lock (_found)
            {
                _waiters!.RemoveAll(w => w.Found == found);
            }
        }
    }

    internal async Task PingAsync()
    {
        if (State == CircuitState.Connected)
        {
            try
            {
                Interlocked.Increment(ref _messagesSent);
                await SendAsync(HubFraming.Ping);
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
            {
                // The receive loop sees the same failure and reconnects.
            }
        }
    }

    private async Task<PrerenderedPage> LoadPageAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _pageUrl);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await _browser.Http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            _cookies = string.Join("; ", cookies.Select(c => c.Split(';', 2)[0]));
        }

        var page = PrerenderedPage.Parse(await response.Content.ReadAsStringAsync(ct));
        if (page.Markers.Count == 0)
        {
            throw new InvalidOperationException($"{_pageUrl} has no interactive server component markers.");
        }

        return page;
    }

    /// <summary>Negotiates, opens the WebSocket and sends the handshake; the receive loop reads the answer.</summary>
    private async Task ConnectSocketAsync(CancellationToken ct)
    {
        var negotiateUrl = new Uri(_pageUrl, "/_blazor/negotiate?negotiateVersion=1");
        using var request = new HttpRequestMessage(HttpMethod.Post, negotiateUrl) { Content = new ByteArrayContent([]) };
        AddCookies(request);
        string token;
        using (var response = await _browser.Http.SendAsync(request, ct))
        {
            response.EnsureSuccessStatusCode();
            using var negotiated = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            token = negotiated.RootElement.GetProperty("connectionToken").GetString()!;
        }

        var builder = new UriBuilder(new Uri(_pageUrl, "/_blazor")) { Query = "id=" + Uri.EscapeDataString(token) };
        builder.Scheme = builder.Scheme == "https" ? "wss" : "ws";
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        // Offered as browsers offer it (permessage-deflate): a server that accepts compresses every batch it sends
        // this page, and that work must be counted as a browser's page makes it.
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        socket.Options.CollectHttpResponseDetails = true;
        if (_cookies.Length > 0)
        {
            socket.Options.SetRequestHeader("Cookie", _cookies);
        }

        try
        {
            await socket.ConnectAsync(builder.Uri, _browser.Http, ct);
            Compressed = socket.HttpResponseHeaders?.TryGetValue("Sec-WebSocket-Extensions", out var extensions) == true
                         && extensions.Any(e => e.Contains("permessage-deflate", StringComparison.OrdinalIgnoreCase));
            _count = 0;
            _awaitingHandshake = true;
            _socket = socket;
            await SendAsync(HubFraming.Handshake);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void AddCookies(HttpRequestMessage request)
    {
        if (_cookies.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", _cookies);
        }
    }

    /// <summary>Receives until the socket drops, then reconnects to the same circuit, as long as the circuit lives.</summary>
    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                await ReceiveAsync(_socket!);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or FormatException or InvalidOperationException)
            {
                if (!_disposing)
                {
                    Error = exception.Message;
                }
            }

            FailPending();
            _socket?.Dispose();
            if (_disposing || State is CircuitState.Failed or CircuitState.Closed || CircuitId is null)
            {
                return;
            }

            State = CircuitState.Reconnecting;
            if (!await ReconnectAsync())
            {
                State = CircuitState.Failed;
                return;
            }
        }
    }

    private async Task<bool> ReconnectAsync()
    {
        foreach (var delay in RetryDelays)
        {
            try
            {
                await Task.Delay(delay, _life.Token);
                await ConnectSocketAsync(_life.Token);

                // The answer arrives through the receive loop, which resumes as soon as this returns.
                var id = NextInvocationId();
                var answer = Expect(id);
                await SendAsync(Invocation(id, "ConnectCircuit", [CircuitId]));
                _ = answer.ContinueWith(t =>
                {
                    if (t.IsCompletedSuccessfully && t.Result is true)
                    {
                        Interlocked.Increment(ref _reconnections);
                        State = CircuitState.Connected;
                    }
                    else if (t.IsCompletedSuccessfully)
                    {
                        // The server no longer has the circuit: a browser would reload the page.
                        Error = "ConnectCircuit: the server no longer has this circuit";
                        State = CircuitState.Failed;
                        _socket?.Abort();
                    }
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return true;
            }
            catch (Exception exception) when (exception is HttpRequestException or WebSocketException or OperationCanceledException or InvalidOperationException)
            {
                Error = exception.Message;
                FailPending();
                _socket?.Dispose();
                if (_disposing)
                {
                    return false;
                }
            }
        }

        return false;
    }

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var outgoing = new List<byte[]>();
        while (true)
        {
            if (_buffer.Length - _count < 1024)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(_count), _life.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            _count += result.Count;
            Process(outgoing);
            if (outgoing.Count > 0)
            {
                if (_browser.AnswerDelay?.Invoke() is { Ticks: > 0 } wait)
                {
                    // As a browser does, nothing more is read meanwhile: its one thread is drawing.
                    await Task.Delay(wait, _life.Token);
                }

                Interlocked.Add(ref _messagesSent, outgoing.Count);
                await SendAsync(outgoing.Count == 1 ? outgoing[0] : outgoing.SelectMany(b => b).ToArray());
                outgoing.Clear();
            }

            if (_count == 0 && _buffer.Length > SmallBuffer)
            {
                // A large first render needed a large buffer; an idle circuit keeps a small one.
                _buffer = new byte[SmallBuffer];
            }
        }
    }

    /// <summary>Handles every complete message in the buffer and keeps the incomplete rest at its start.</summary>
    private void Process(List<byte[]> outgoing)
    {
        var data = _buffer.AsSpan(0, _count);
        var offset = 0;
        if (_awaitingHandshake)
        {
            var end = data.IndexOf((byte)0x1e);
            if (end < 0)
            {
                return;
            }

            var answer = data[..end];
            if (answer.IndexOf("\"error\""u8) >= 0)
            {
                throw new InvalidOperationException("Handshake refused: " + Encoding.UTF8.GetString(answer));
            }

            _awaitingHandshake = false;
            offset = end + 1;
        }

        var now = Stopwatch.GetTimestamp();
        while (HubFraming.TryReadFrame(data[offset..], out var header, out var length))
        {
            Handle(data.Slice(offset + header, length), outgoing, now);
            offset += header + length;
        }

        if (offset > 0)
        {
            data[offset..].CopyTo(_buffer);
            _count -= offset;
        }
    }

    private void Handle(ReadOnlySpan<byte> message, List<byte[]> outgoing, long now)
    {
        Interlocked.Increment(ref _messagesReceived);
        var reader = new MsgPackReader(message);
        var items = reader.ArrayHeader();
        switch (reader.Int())
        {
            case HubFraming.InvocationType:
                reader.Skip();
                var invocationId = reader.String();
                var target = reader.StringBytes(out _);
                var arguments = reader.ArrayHeader();
                if (target.SequenceEqual("JS.RenderBatch"u8))
                {
                    var batchId = reader.Int();
                    OnRenderBatch(batchId, reader.Binary(), outgoing, now);
                }
                else if (target.SequenceEqual("JS.BeginInvokeJS"u8))
                {
                    Interlocked.Increment(ref _interopCalls);
                    OnBeginInvokeJS(ref reader, arguments, outgoing);
                }
                else if (target.SequenceEqual("JS.Error"u8))
                {
                    Error = arguments > 0 ? reader.String() : "JS.Error";
                    State = CircuitState.Failed;
                }

                if (invocationId is not null)
                {
                    // The server waits for a result (e.g. JS.SavePersistedState): say it was taken.
                    outgoing.Add(HubFraming.CompletionWithTrue(invocationId));
                }

                break;
            case HubFraming.CompletionType:
                reader.Skip();
                var id = reader.String();
                var kind = items > 3 ? reader.Int() : 2;
                object? value = kind switch
                {
                    1 => new InvalidOperationException(reader.String()),
                    3 when reader.Peek is 0xc2 or 0xc3 => reader.Bool(),
                    3 when !reader.TryNil() => reader.String(),
                    _ => null,
                };
                Complete(id, value);
                break;
            case HubFraming.CloseType:
                Error = items > 1 ? reader.String() ?? "closed by the server" : "closed by the server";
                break;
        }
    }

    private void OnBeginInvokeJS(ref MsgPackReader reader, int arguments, List<byte[]> outgoing)
    {
        var handle = reader.Int();
        var identifier = reader.String() ?? "";
        if (arguments > 2)
        {
            reader.Skip();
        }

        var resultType = arguments > 3 ? (int)reader.Int() : 0;
        if (identifier == "Blazor._internal.attachWebRendererInterop")
        {
            _attached.TrySetResult();
        }

        var result = _browser.Answers.Answer(identifier, resultType, _title);
        if (handle != 0)
        {
            var handleText = handle.ToString(CultureInfo.InvariantCulture);
            outgoing.Add(Invocation(null, "EndInvokeJSFromDotNet", [handle, true, $"[{handleText},true,{result}]"]));
        }
    }

    private void OnRenderBatch(long batchId, ReadOnlySpan<byte> data, List<byte[]> outgoing, long now)
    {
        if (batchId < _nextBatchId)
        {
            // Sent again after a reconnection: already applied, acknowledge it again to get back in step.
            outgoing.Add(Invocation(null, "OnRenderCompleted", [batchId, null]));
            return;
        }

        if (batchId > _nextBatchId)
        {
            // As the browser's render queue: wait for the missing batch, which the server sends again.
            return;
        }

        _nextBatchId++;
        Interlocked.Increment(ref _batches);
        var batch = new RenderBatchReader(data);
        _found.Clear();
        batch.FindInserted(_found, out var interactive);
        if (interactive)
        {
            _interactive.TrySetResult();
        }

        var observer = _browser.OnComment;
        if (observer is not null)
        {
            foreach (var commentId in _found)
            {
                observer(Index, commentId, now);
            }
        }

        if (_waiters is { Count: > 0 })
        {
            BatchView view;
            List<(Func<BatchView, bool> Match, TaskCompletionSource<BatchView> Found)> waiters;
            lock (_found)
            {
                waiters = [.. _waiters];
            }

            view = new BatchView(batchId, now, batch.AllStrings(), [.. _found], interactive);
            foreach (var (match, found) in waiters.Where(w => w.Match(view)))
            {
                found.TrySetResult(view);
            }
        }

        outgoing.Add(Invocation(null, "OnRenderCompleted", [batchId, null]));
    }

    private string NextInvocationId() => Interlocked.Increment(ref _nextInvocationId).ToString(CultureInfo.InvariantCulture);

    private Task<object?> Expect(string id)
    {
        var answer = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = answer;
        }

        return answer.Task;
    }

    private async Task<object?> InvokeAsync(string target, object?[] arguments, CancellationToken ct)
    {
        var id = NextInvocationId();
        var answer = Expect(id);
        await SendAsync(Invocation(id, target, arguments));
        return await answer.WaitAsync(ct);
    }

    private void Complete(string? id, object? value)
    {
        TaskCompletionSource<object?>? answer;
        lock (_pending)
        {
            if (id is null || !_pending.Remove(id, out answer))
            {
                return;
            }
        }

        if (value is Exception exception)
        {
            answer.TrySetException(exception);
        }
        else
        {
            answer.TrySetResult(value);
        }
    }

    private void FailPending()
    {
        lock (_pending)
        {
            foreach (var answer in _pending.Values)
            {
                answer.TrySetException(new WebSocketException("The connection closed before the server answered."));
            }

            _pending.Clear();
        }
    }

    private static byte[] Invocation(string? id, string target, object?[] arguments)
    {
        var payload = new ArrayBufferWriter<byte>(128);
        var writer = new MsgPackWriter(payload);
        HubFraming.BeginInvocation(ref writer, id, target, arguments.Length);
        foreach (var argument in arguments)
        {
            switch (argument)
            {
                case null:
                    writer.Nil();
                    break;
                case string text:
                    writer.String(text);
                    break;
                case bool flag:
                    writer.Bool(flag);
                    break;
                case long number:
                    writer.Int(number);
                    break;
                default:
                    throw new ArgumentException($"Unsupported argument type {argument.GetType().Name}.");
            }
        }

        HubFraming.EndInvocation(ref writer);
        return HubFraming.Frame(payload);
    }

    private async Task SendAsync(byte[] data)
    {
        var socket = _socket ?? throw new InvalidOperationException("Not connected.");
        await _sendLock.WaitAsync(_life.Token);
        try
        {
            await socket.SendAsync(data, WebSocketMessageType.Binary, endOfMessage: true, _life.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposing)
        {
            return;
        }

        _disposing = true;
        _browser.Unregister(this);
        if (CircuitId is not null && State is CircuitState.Connected or CircuitState.Reconnecting)
        {
            // The browser's unload beacon: the server disposes the circuit now instead of keeping it for reconnection.
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_pageUrl, "/_blazor/disconnect"))
                {
                    Content = new FormUrlEncodedContent([new("circuitId", CircuitId)]),
                };
                AddCookies(request);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                using var response = await _browser.Http.SendAsync(request, cts.Token);
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
            }
        }

        State = CircuitState.Closed;
        await _life.CancelAsync();
        _socket?.Abort();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }

        _socket?.Dispose();
        _life.Dispose();
        _sendLock.Dispose();
    }
}
