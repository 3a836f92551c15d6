using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace ForumApp.Realtime;

/// <summary>
/// This instance's subscribers (Blazor pages, hub groups through the sinks) and how events reach them.
/// Both the bus and the remote transport deliver here: the bus for what this instance publishes, the
/// transport for what other instances publish, so neither needs the other.
/// </summary>
public sealed partial class LocalEventDelivery(IEnumerable<IForumEventSink> sinks, DeliveredSequences delivered, ILogger<LocalEventDelivery> logger)
{
    private readonly IForumEventSink[] _sinks = sinks.ToArray();
    private readonly Subscribers<long, ThreadEventView> _threadSubscribers = new();
    private readonly Subscribers<long, PresenceView> _presenceSubscribers = new();
    private readonly Subscribers<long, UserNotice> _userSubscribers = new();
    private readonly Subscribers<int, ModeratorNotice> _moderatorSubscribers = new();
    private readonly Subscribers<int, ThreadListChanged> _threadListSubscribers = new();
    private readonly Subscribers<long, ScoresChanged> _scoreSubscribers = new();

    public IDisposable SubscribeThread(long threadId, Func<ThreadEventView, Task> handler) => _threadSubscribers.Add(threadId, handler);

    public IDisposable SubscribePresence(long threadId, Func<PresenceView, Task> handler) => _presenceSubscribers.Add(threadId, handler);

    public IDisposable SubscribeUser(long userId, Func<UserNotice, Task> handler) => _userSubscribers.Add(userId, handler);

    public IDisposable SubscribeModerators(Func<ModeratorNotice, Task> handler) => _moderatorSubscribers.Add(0, handler);

    public IDisposable SubscribeThreadList(Func<ThreadListChanged, Task> handler) => _threadListSubscribers.Add(0, handler);

    public IDisposable SubscribeScores(long threadId, Func<ScoresChanged, Task> handler) => _scoreSubscribers.Add(threadId, handler);

    public int ThreadSubscriberCount(long threadId) => _threadSubscribers.Count(threadId);

    public async Task DeliverAsync(ThreadEventView threadEvent)
    {
        delivered.Observe(threadEvent.ThreadId, threadEvent.Seq);
        var deliveries = new List<Task>(_sinks.Length + 1);
        foreach (var sink in _sinks)
        {
            deliveries.Add(Guard(() => sink.OnThreadEventAsync(threadEvent)));
        }

        deliveries.Add(_threadSubscribers.DeliverAsync(threadEvent.ThreadId, threadEvent, Guard));

        // Every comment or lock event moves a thread's count, activity or lock on the list of threads.
        deliveries.Add(_threadListSubscribers.DeliverAsync(0, new ThreadListChanged(threadEvent.ThreadId), Guard));
        await Task.WhenAll(deliveries);
    }

    public async Task DeliverAsync(PresenceView presence)
    {
        var deliveries = new List<Task>(_sinks.Length + 1);
        foreach (var sink in _sinks)
        {
            deliveries.Add(Guard(() => sink.OnPresenceAsync(presence)));
        }

        deliveries.Add(_presenceSubscribers.DeliverAsync(presence.ThreadId, presence, Guard));
        await Task.WhenAll(deliveries);
    }

    public async Task DeliverAsync(ScoresChanged scores)
    {
        var deliveries = new List<Task>(_sinks.Length + 1);
        foreach (var sink in _sinks)
        {
            deliveries.Add(Guard(() => sink.OnScoresAsync(scores)));
        }

        deliveries.Add(_scoreSubscribers.DeliverAsync(scores.ThreadId, scores, Guard));
        await Task.WhenAll(deliveries);
    }

    public async Task DeliverAsync(UserNotice notice)
    {
        var deliveries = new List<Task>(_sinks.Length + 1);
        foreach (var sink in _sinks)
        {
            deliveries.Add(Guard(() => sink.OnUserNoticeAsync(notice)));
        }

        deliveries.Add(_userSubscribers.DeliverAsync(notice.UserId, notice, Guard));
        await Task.WhenAll(deliveries);
    }

    public Task DeliverAsync(ModeratorNotice notice) => _moderatorSubscribers.DeliverAsync(0, notice, Guard);

    public Task DeliverAsync(ThreadListChanged change) => _threadListSubscribers.DeliverAsync(0, change, Guard);

    // One subscriber's failure (a closed circuit, a broken socket) must not reach the publisher or the others.
    private Task Guard(Func<Task> delivery) => Guard(static deliver => deliver(), delivery);

    private Task Guard<TEvent>(Func<TEvent, Task> handler, TEvent item)
    {
        Task task;
        try
        {
            task = handler(item);
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception);
            return Task.CompletedTask;
        }

        // Every open page takes every event: one already taken (the usual case) costs no state machine.
        return task.IsCompletedSuccessfully ? task : GuardAsync(task);
    }

    private async Task GuardAsync(Task delivery)
    {
        try
        {
            await delivery;
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception);
        }
    }

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

        public Task DeliverAsync(TKey key, TEvent item, Func<Func<TEvent, Task>, TEvent, Task> guard)
        {
            if (!_byKey.TryGetValue(key, out var handlers) || handlers.IsEmpty)
            {
                return Task.CompletedTask;
            }

            // A thousand open pages each take the event: only those still working on it are waited for.
            List<Task>? pending = null;
            foreach (var handler in handlers)
            {
                var delivery = guard(handler, item);
                if (!delivery.IsCompletedSuccessfully)
                {
                    (pending ??= []).Add(delivery);
                }
            }

            return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
        }
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
