using System.Text.Json;
using StackExchange.Redis;

namespace ForumApp.Realtime;

/// <summary>
/// Carries bus events between instances over Redis pub/sub. Registered as the bus's remote transport; what it receives goes
/// straight to local delivery, so it never needs the bus. Publishing is fire-and-forget so a slow or
/// absent Redis never holds up a writer; the client reconnects by itself and resubscribes.
/// </summary>
internal sealed partial class RedisEventTransport(
    string configuration,
    RealtimeInstance instance,
    LocalEventDelivery local,
    PresenceTracker presence,
    IEnumerable<IRemoteUserNoticeObserver> userNoticeObservers,
    ILogger<RedisEventTransport> logger) : IRemoteEventTransport, IHostedService, IAsyncDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("forumapp:events");
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();
    private readonly IRemoteUserNoticeObserver[] _userNoticeObservers = [.. userNoticeObservers];
    private ConnectionMultiplexer? _redis;

    public bool IsConnected => _redis?.IsConnected ?? false;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ClientName = "forumapp";
        options.ConnectRetry = int.MaxValue;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
        _redis.ConnectionFailed += (_, e) => LogConnectionFailed(e.EndPoint?.ToString(), e.FailureType.ToString());
        _redis.ConnectionRestored += (_, e) => LogConnectionRestored(e.EndPoint?.ToString());
        // A message queue hands messages over one at a time, in the order Redis carried them;
        // handler-style subscriptions may run concurrently and reorder a thread's events.
        var messages = await _redis.GetSubscriber().SubscribeAsync(Channel);
        messages.OnMessage(message => ReceiveAsync(message.Message));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PublishThreadEventsAsync(IReadOnlyList<ThreadEventView> threadEvents) =>
        SendAsync(new Envelope(instance.Id, ThreadEvents: threadEvents));

    public Task PublishPresenceAsync(InstancePresence share) => SendAsync(new Envelope(instance.Id, Presence: share));

    public Task PublishUserNoticeAsync(UserNotice notice) => SendAsync(new Envelope(instance.Id, User: notice));

    public Task PublishModeratorNoticeAsync(ModeratorNotice notice) => SendAsync(new Envelope(instance.Id, Moderators: notice));

    public Task PublishThreadListChangedAsync(ThreadListChanged change) => SendAsync(new Envelope(instance.Id, ThreadList: change));

    public Task PublishScoresAsync(ScoresChanged scores) => SendAsync(new Envelope(instance.Id, Scores: scores));

    private Task SendAsync(Envelope envelope)
    {
        if (_redis is not { IsConnected: true } redis)
        {
            return Task.CompletedTask;
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(envelope, Json);
        return redis.GetSubscriber().PublishAsync(Channel, payload, CommandFlags.FireAndForget);
    }

    private async Task ReceiveAsync(RedisValue message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>((byte[])message!, Json);
            if (envelope is null || envelope.Origin == instance.Id)
            {
                return;
            }

            foreach (var threadEvent in envelope.ThreadEvents ?? [])
            {
                await local.DeliverAsync(threadEvent);
            }

            if (envelope.Presence is { } share)
            {
                presence.OnRemoteShare(share);
            }

            if (envelope.User is { } user)
            {
                foreach (var observer in _userNoticeObservers)
                {
                    observer.OnRemoteUserNotice(user);
                }

                await local.DeliverAsync(user);
            }

            if (envelope.Moderators is { } moderators)
            {
                await local.DeliverAsync(moderators);
            }

            if (envelope.ThreadList is { } threadList)
            {
                await local.DeliverAsync(threadList);
            }

            if (envelope.Scores is { } scores)
            {
                await local.DeliverAsync(scores);
            }
        }
        catch (Exception exception)
        {
            LogReceiveFailed(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ForumJson.Configure(options);
        return options;
    }

    private sealed record Envelope(
        string Origin,
        IReadOnlyList<ThreadEventView>? ThreadEvents = null,
        InstancePresence? Presence = null,
        UserNotice? User = null,
        ModeratorNotice? Moderators = null,
        ThreadListChanged? ThreadList = null,
        ScoresChanged? Scores = null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed ({FailureType}); local delivery goes on.")]
    private partial void LogConnectionFailed(string? endPoint, string failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored.")]
    private partial void LogConnectionRestored(string? endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event from another instance could not be read.")]
    private partial void LogReceiveFailed(Exception exception);
}
