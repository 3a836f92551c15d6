using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using ForumApp.Web.Hubs;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>A thread event as it arrives on the wire; <c>Kind</c> stays the string clients see.</summary>
public sealed record ThreadEventMessage(long ThreadId, long Seq, string Kind, DateTime At, CommentMessage? Comment);

public sealed record CommentMessage(
    long Id, long ThreadId, long? ParentId, int Depth, string Author, long? AuthorId, string? Body, string? BodyHtml,
    DateTime CreatedAt, DateTime? EditedAt, bool Deleted, string? DeletedBy, string? Reason, int ReplyCount);

/// <summary>What PostComment returns: the comment plus the sequence number of its event.</summary>
public sealed record PostedCommentMessage(long Id, long ThreadId, long? ParentId, string Author, long? AuthorId, string? Body, long Seq);

public sealed record PresenceMessage(long ThreadId, int Viewing, IReadOnlyList<string> Replying);

/// <summary>
/// An outside client of /hubs/threads over a real WebSocket. Everything the server pushes is queued, so a
/// test waits for what it expects (with a generous timeout) instead of sleeping.
/// </summary>
public sealed class ThreadsHubClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly HubConnection _connection;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<PresenceMessage> _presence = Channel.CreateUnbounded<PresenceMessage>();
    private readonly Channel<JsonElement> _scores = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<JsonElement> _notifications = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ThreadsHubClient(HubConnection connection)
    {
        _connection = connection;
        _connection.Closed += _ =>
        {
            _closed.TrySetResult();
            return Task.CompletedTask;
        };
        _connection.On<JsonElement>("ThreadEvent", e => _events.Writer.TryWrite(e.Clone()));
        _connection.On<PresenceMessage>("Presence", p => _presence.Writer.TryWrite(p));
        _connection.On<JsonElement>("Scores", s => _scores.Writer.TryWrite(s.Clone()));
        _connection.On<JsonElement>("Notification", n => _notifications.Writer.TryWrite(n.Clone()));
    }

    /// <summary>How a signed-in client hands over its bearer token.</summary>
    public enum TokenIn
    {
        /// <summary>The <c>?access_token=</c> query parameter, as browsers must.</summary>
        Query,

        /// <summary>The .NET client's access token provider (an Authorization header on the upgrade request).</summary>
        Provider,
    }

    public static async Task<ThreadsHubClient> ConnectAsync(Uri server, string? accessToken = null, TokenIn tokenIn = TokenIn.Query)
    {
        var client = new ThreadsHubClient(Build(server, accessToken, tokenIn));
        try
        {
            await client._connection.StartAsync().WaitAsync(Patience);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The error the server refuses a new connection with: it shakes hands first, then closes with the reason, so
    /// the refusal arrives either from the start or as the close.
    /// </summary>
    public static async Task<string> RefusalAsync(Uri server, string? accessToken, TokenIn tokenIn = TokenIn.Query)
    {
        await using var connection = Build(server, accessToken, tokenIn);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync().WaitAsync(Patience);
        }
        catch (Exception startError)
        {
            return startError.Message;
        }

        var error = await closed.Task.WaitAsync(Patience);
        return error?.Message ?? "closed without an error";
    }

    private static HubConnection Build(Uri server, string? accessToken, TokenIn tokenIn)
    {
        var url = new Uri(server, ThreadsHub.Path);
        if (accessToken is not null && tokenIn == TokenIn.Query)
        {
            url = new Uri($"{url}?access_token={Uri.EscapeDataString(accessToken)}");
        }

        return new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                if (accessToken is not null && tokenIn == TokenIn.Provider)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                }
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions = Json)
            .Build();
    }

    public Task<List<ThreadEventMessage>> JoinThreadAsync(long threadId, long afterSeq) =>
        _connection.InvokeAsync<List<ThreadEventMessage>>("JoinThread", threadId, afterSeq).WaitAsync(Patience);

    public Task<JsonElement> JoinThreadRawAsync(long threadId, long afterSeq) =>
        _connection.InvokeAsync<JsonElement>("JoinThread", threadId, afterSeq).WaitAsync(Patience);

    public Task LeaveThreadAsync(long threadId) =>
        _connection.InvokeAsync("LeaveThread", threadId).WaitAsync(Patience);

    public Task<PostedCommentMessage> PostCommentAsync(long threadId, long? parentId, string? body, string? clientRequestId = null) =>
        _connection.InvokeAsync<PostedCommentMessage>("PostComment", threadId, parentId, body, clientRequestId).WaitAsync(Patience);

    public Task TypingAsync(long threadId) =>
        _connection.InvokeAsync("Typing", threadId).WaitAsync(Patience);

    /// <summary>The next ThreadEvent pushed to this client, exactly as it came over the wire.</summary>
    /// <summary>The next <c>Notification</c> the server pushed to this connection, as sent.</summary>
    public async Task<JsonElement> NextNotificationAsync() => await _notifications.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>A notification pushed within <paramref name="within"/>, or null.</summary>
    public async Task<JsonElement?> TryNextNotificationAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await _notifications.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<JsonElement> NextRawEventAsync()
    {
        var (found, raw) = await NextAsync(_events.Reader, _ => true, Patience);
        return found ? raw : throw new TimeoutException($"No ThreadEvent arrived within {Patience.TotalSeconds} s.");
    }

    public async Task<ThreadEventMessage> NextEventAsync() => ToMessage(await NextRawEventAsync());

    /// <summary>Skips events until one matches; fails after <see cref="Patience"/>.</summary>
    public async Task<ThreadEventMessage> WaitForEventAsync(Func<ThreadEventMessage, bool> match, string what) =>
        await TryWaitForEventAsync(match, Patience)
        ?? throw new TimeoutException($"No ThreadEvent {what} arrived within {Patience.TotalSeconds} s.");

    /// <summary>Skips events until one matches; null when none did within <paramref name="within"/>.</summary>
    public async Task<ThreadEventMessage?> TryWaitForEventAsync(Func<ThreadEventMessage, bool> match, TimeSpan within)
    {
        var (found, raw) = await NextAsync(_events.Reader, e => match(ToMessage(e)), within);
        return found ? ToMessage(raw) : null;
    }

    /// <summary>Skips presence updates until one matches; fails after <see cref="Patience"/>.</summary>
    public async Task<PresenceMessage> WaitForPresenceAsync(Func<PresenceMessage, bool> match, string what)
    {
        var (found, presence) = await NextAsync(_presence.Reader, match, Patience);
        return found ? presence : throw new TimeoutException($"No Presence {what} arrived within {Patience.TotalSeconds} s.");
    }

    /// <summary>Skips Scores messages until one matches, exactly as they came over the wire; fails after <see cref="Patience"/>.</summary>
    public async Task<JsonElement> WaitForScoresAsync(Func<JsonElement, bool> match, string what)
    {
        var (found, scores) = await NextAsync(_scores.Reader, match, Patience);
        return found ? scores : throw new TimeoutException($"No Scores {what} arrived within {Patience.TotalSeconds} s.");
    }

    /// <summary>True once the connection has closed: after that, no event can arrive any more.</summary>
    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>The events that have arrived and were not read yet, taken without waiting for more.</summary>
    public IReadOnlyList<ThreadEventMessage> TakeArrivedEvents()
    {
        var arrived = new List<ThreadEventMessage>();
        while (_events.Reader.TryRead(out var raw))
        {
            arrived.Add(ToMessage(raw));
        }

        return arrived;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private static ThreadEventMessage ToMessage(JsonElement raw) =>
        raw.Deserialize<ThreadEventMessage>(Json) ?? throw new InvalidOperationException($"Not a thread event: {raw}");

    private static async Task<(bool Found, T Item)> NextAsync<T>(ChannelReader<T> reader, Func<T, bool> match, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (true)
            {
                var item = await reader.ReadAsync(timeout.Token);
                if (match(item))
                {
                    return (true, item);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (false, default!);
        }
    }
}

/// <summary>
/// Checks on the hub's error contract: the server throws a HubException whose message starts with the
/// HTTP-equivalent status. SignalR puts its own fixed words before it on the wire
/// ("An unexpected error occurred invoking 'X' on the server. HubException: "), so that is what clients read past.
/// </summary>
public static class HubErrors
{
    private const string WireMarker = "HubException: ";

    public static async Task<string> AssertFailsWithAsync(string statusPrefix, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        var marker = error.Message.IndexOf(WireMarker, StringComparison.Ordinal);
        Assert.True(marker >= 0, $"The hub error should carry the server's HubException message but was: \"{error.Message}\"");
        var serverMessage = error.Message[(marker + WireMarker.Length)..];
        Assert.True(
            serverMessage.StartsWith(statusPrefix, StringComparison.Ordinal),
            $"The hub error should start with \"{statusPrefix}\" but was: \"{serverMessage}\"");
        return serverMessage;
    }
}
