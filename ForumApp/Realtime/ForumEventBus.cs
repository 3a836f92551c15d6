using System.Collections.Concurrent;
using System.Collections.Immutable;
using ForumApp.Features.Threads;

namespace ForumApp.Realtime;

/// <summary>
/// ForumApp's own event bus. Every event is delivered to this instance's subscribers first (Blazor pages,
/// hub groups), then handed to the remote transport (Redis pub/sub when configured) for the other instances.
/// A transport outage therefore never delays or drops local delivery; what other instances miss they
/// catch up from the database by sequence number.
/// </summary>
public sealed partial class ForumEventBus(IEnumerable<IForumEventSink> sinks, DeliveredSequences delivered, ILogger<ForumEventBus> logger)
{
    private readonly IForumEventSink[] _sinks = sinks.ToArray();
    private readonly Subscribers<long, ThreadEventView> _threadSubscribers = new();
    private readonly Subscribers<long, PresenceView> _presenceSubscribers = new();
    private readonly Subscribers<long, UserNotice> _userSubscribers = new();
    private readonly Subscribers<int, ModeratorNotice> _moderatorSubscribers = new();
    private IRemoteEventTransport? _transport;

    /// <summary>Set once at start-up when Redis is configured.</summary>
    internal void AttachTransport(IRemoteEventTransport transport) => _transport = transport;

    public IDisposable SubscribeThread(long threadId, Func<ThreadEventView, Task> handler) => _threadSubscribers.Add(threadId, handler);

    public IDisposable SubscribePresence(long threadId, Func<PresenceView, Task> handler) => _presenceSubscribers.Add(threadId, handler);

    public IDisposable SubscribeUser(long userId, Func<UserNotice, Task> handler) => _userSubscribers.Add(userId, handler);

    public IDisposable SubscribeModerators(Func<ModeratorNotice, Task> handler) => _moderatorSubscribers.Add(0, handler);

    public int ThreadSubscriberCount(long threadId) => _threadSubscribers.Count(threadId);

    public async Task PublishAsync(IReadOnlyList<ThreadEventView> threadEvents)
    {
        foreach (var threadEvent in threadEvents)
        {
            await DeliverLocallyAsync(threadEvent);
        }

        await SendRemoteAsync(transport => transport.PublishThreadEventsAsync(threadEvents));
    }

    public async Task PublishAsync(UserNotice notice)
    {
        await DeliverLocallyAsync(notice);
        await SendRemoteAsync(transport => transport.PublishUserNoticeAsync(notice));
    }

    public async Task PublishAsync(ModeratorNotice notice)
    {
        await DeliverLocallyAsync(notice);
        await SendRemoteAsync(transport => transport.PublishModeratorNoticeAsync(notice));
    }

    internal async Task DeliverLocallyAsync(ThreadEventView threadEvent)
    {
        delivered.Observe(threadEvent.ThreadId, threadEvent.Seq);
        var deliveries = new List<Task>(_sinks.Length + 1);
        foreach (var sink in _sinks)
        {
            deliveries.Add(Guard(() => sink.OnThreadEventAsync(threadEvent)));
        }

        deliveries.Add(_threadSubscribers.DeliverAsync(threadEvent.ThreadId, threadEvent, Guard));
        await Task.WhenAll(deliveries);
    }

    internal async Task DeliverLocallyAsync(PresenceView presence)
    {
        var deliveries = new List<Task>(_sinks.Length + 1);
        foreach (var sink in _sinks)
        {
            deliveries.Add(Guard(() => sink.OnPresenceAsync(presence)));
        }

        deliveries.Add(_presenceSubscribers.DeliverAsync(presence.ThreadId, presence, Guard));
        await Task.WhenAll(deliveries);
    }

    internal Task DeliverLocallyAsync(UserNotice notice) => _userSubscribers.DeliverAsync(notice.UserId, notice, Guard);

    internal Task DeliverLocallyAsync(ModeratorNotice notice) => _moderatorSubscribers.DeliverAsync(0, notice, Guard);

    private async Task SendRemoteAsync(Func<IRemoteEventTransport, Task> send)
    {
        if (_transport is not { } transport)
        {
            return;
        }

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

    // One subscriber's failure (a closed circuit, a broken socket) must not reach the publisher or the others.
    private async Task Guard(Func<Task> delivery)
    {
        try
        {
            await delivery();
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing to other instances failed; they will catch up by sequence.")]
    private partial void LogRemoteFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber failed to take an event.")]
    private partial void LogDeliveryFailed(Exception exception);

    /// <summary>Copy-on-write handler lists per key: publishing never takes a lock.</summary>
    private sealed class Subscribers<TKey, TEvent> where TKey : notnull
    {
        private readonly ConcurrentDictionary<TKey, ImmutableArray<Func<TEvent, Task>>> _byKey = new();

        public IDisposable Add(TKey key, Func<TEvent, Task> handler)
        {
            _byKey.AddOrUpdate(key, _ => [handler], (_, list) => list.Add(handler));
            return new Unsubscriber(() =>
            {
                while (_byKey.TryGetValue(key, out var list))
                {
                    var remaining = list.Remove(handler);
                    var done = remaining.IsEmpty
                        ? _byKey.TryRemove(new KeyValuePair<TKey, ImmutableArray<Func<TEvent, Task>>>(key, list))
                        : _byKey.TryUpdate(key, remaining, list);
                    if (done)
                    {
                        return;
                    }
                }
            });
        }

        public int Count(TKey key) => _byKey.TryGetValue(key, out var list) ? list.Length : 0;

        public Task DeliverAsync(TKey key, TEvent item, Func<Func<Task>, Task> guard)
        {
            if (!_byKey.TryGetValue(key, out var handlers) || handlers.IsEmpty)
            {
                return Task.CompletedTask;
            }

            var deliveries = new Task[handlers.Length];
            for (var i = 0; i < handlers.Length; i++)
            {
                var handler = handlers[i];
                deliveries[i] = guard(() => handler(item));
            }

            return Task.WhenAll(deliveries);
        }
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
