namespace ForumApp.Realtime;

/// <summary>
/// ForumApp's own event bus. Every event is delivered to this instance's subscribers first (Blazor pages,
/// hub groups), then handed to the remote transports (Redis pub/sub when configured) for the other instances.
/// A transport outage therefore never delays or drops local delivery; what other instances miss they
/// catch up from the database by sequence number.
/// </summary>
public sealed partial class ForumEventBus(LocalEventDelivery local, IEnumerable<IRemoteEventTransport> transports, ILogger<ForumEventBus> logger)
{
    private readonly IRemoteEventTransport[] _transports = transports.ToArray();

    /// <summary>Whether other instances listen at all: without them, presence shares need not be sent.</summary>
    public bool HasRemote => _transports.Length > 0;

    public IDisposable SubscribeThread(long threadId, Func<ThreadEventView, Task> handler) => local.SubscribeThread(threadId, handler);

    public IDisposable SubscribePresence(long threadId, Func<PresenceView, Task> handler) => local.SubscribePresence(threadId, handler);

    public IDisposable SubscribeUser(long userId, Func<UserNotice, Task> handler) => local.SubscribeUser(userId, handler);

    public IDisposable SubscribeModerators(Func<ModeratorNotice, Task> handler) => local.SubscribeModerators(handler);

    /// <summary>Every change to the list of threads, comment events included: for pages that show the list.</summary>
    public IDisposable SubscribeThreadList(Func<ThreadListChanged, Task> handler) => local.SubscribeThreadList(handler);

    /// <summary>Batches of changed scores in a thread (votes are not thread events).</summary>
    public IDisposable SubscribeScores(long threadId, Func<ScoresChanged, Task> handler) => local.SubscribeScores(threadId, handler);

    public int ThreadSubscriberCount(long threadId) => local.ThreadSubscriberCount(threadId);

    public async Task PublishAsync(IReadOnlyList<ThreadEventView> threadEvents)
    {
        foreach (var threadEvent in threadEvents)
        {
            await local.DeliverAsync(threadEvent);
        }

        await SendRemoteAsync(transport => transport.PublishThreadEventsAsync(threadEvents));
    }

    public async Task PublishAsync(UserNotice notice)
    {
        await local.DeliverAsync(notice);
        await SendRemoteAsync(transport => transport.PublishUserNoticeAsync(notice));
    }

    public async Task PublishAsync(ModeratorNotice notice)
    {
        await local.DeliverAsync(notice);
        await SendRemoteAsync(transport => transport.PublishModeratorNoticeAsync(notice));
    }

    public async Task PublishAsync(ThreadListChanged change)
    {
        await local.DeliverAsync(change);
        await SendRemoteAsync(transport => transport.PublishThreadListChangedAsync(change));
    }

    public async Task PublishAsync(ScoresChanged scores)
    {
        await local.DeliverAsync(scores);
        await SendRemoteAsync(transport => transport.PublishScoresAsync(scores));
    }

    /// <summary>Presence as this instance sums it goes to local viewers; only this instance's own share travels.</summary>
    public async Task PublishPresenceAsync(PresenceView current, InstancePresence? localShare)
    {
        await local.DeliverAsync(current);
        if (localShare is not null)
        {
            await SharePresenceAsync(localShare);
        }
    }

    /// <summary>A heartbeat of this instance's share; best effort, the next one carries it again.</summary>
    public Task SharePresenceAsync(InstancePresence share) => SendRemoteAsync(transport => transport.PublishPresenceAsync(share));

    private async Task SendRemoteAsync(Func<IRemoteEventTransport, Task> send)
    {
        foreach (var transport in _transports)
        {
            try
            {
                await send(transport);
            }
            catch (Exception exception)
            {
                // Other instances catch up from the database; the writer must not fail because Redis did.
                LogRemoteFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing to other instances failed; they will catch up by sequence.")]
    private partial void LogRemoteFailed(Exception exception);
}
