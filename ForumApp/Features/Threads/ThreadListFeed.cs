using System.Collections.Immutable;
using ForumApp.Realtime;

namespace ForumApp.Features.Threads;

/// <summary>
/// The list of threads as the home pages show it, kept current from the bus. However many home pages are
/// open and however busy the forum, the list is read at most once per <see cref="Interval"/>, and only while
/// someone watches: a burst of comments becomes one read, whose result every home page shares.
/// </summary>
public sealed partial class ThreadListFeed : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ThreadService _threads;
    private readonly TimeProvider _time;
    private readonly ILogger<ThreadListFeed> _logger;
    private readonly IDisposable _busSubscription;
    private readonly Lock _gate = new();
    private ImmutableArray<Func<IReadOnlyList<ThreadSummary>, Task>> _watchers = [];
    private bool _pending;
    private bool _refreshing;

    public ThreadListFeed(ForumEventBus bus, ThreadService threads, TimeProvider time, ILogger<ThreadListFeed> logger)
    {
        _threads = threads;
        _time = time;
        _logger = logger;
        _busSubscription = bus.SubscribeThreadList(OnChanged);
    }

    /// <summary>Calls <paramref name="onList"/> with the whole list after it changed, until disposed.</summary>
    public IDisposable Watch(Func<IReadOnlyList<ThreadSummary>, Task> onList)
    {
        lock (_gate)
        {
            _watchers = _watchers.Add(onList);
        }

        return new Unwatch(this, onList);
    }

    // The publisher waits for its subscribers, so this only notes the change; the read happens elsewhere.
    private Task OnChanged(ThreadListChanged change)
    {
        lock (_gate)
        {
            if (_watchers.IsEmpty)
            {
                return Task.CompletedTask;
            }

            _pending = true;
            if (_refreshing)
            {
                return Task.CompletedTask;
            }

            _refreshing = true;
        }

        _ = Task.Run(RefreshAsync);
        return Task.CompletedTask;
    }

    private async Task RefreshAsync()
    {
        while (true)
        {
            ImmutableArray<Func<IReadOnlyList<ThreadSummary>, Task>> watchers;
            lock (_gate)
            {
                if (!_pending || _watchers.IsEmpty)
                {
                    _pending = false;
                    _refreshing = false;
                    return;
                }

                _pending = false;
                watchers = _watchers;
            }

            try
            {
                var list = await _threads.ListAsync();
                await Task.WhenAll(watchers.Select(watcher => DeliverAsync(watcher, list)));
            }
            catch (Exception exception)
            {
                // The database may be away for a moment; the next change tries again.
                LogRefreshFailed(exception);
            }

            // Changes during the pause gather into the next read.
            await Task.Delay(Interval, _time);
        }
    }

    private async Task DeliverAsync(Func<IReadOnlyList<ThreadSummary>, Task> watcher, IReadOnlyList<ThreadSummary> list)
    {
        try
        {
            await watcher(list);
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception);
        }
    }

    public void Dispose() => _busSubscription.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the list of threads for the home pages failed.")]
    private partial void LogRefreshFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A home page failed to take the list of threads.")]
    private partial void LogDeliveryFailed(Exception exception);

    private sealed class Unwatch(ThreadListFeed feed, Func<IReadOnlyList<ThreadSummary>, Task> onList) : IDisposable
    {
        public void Dispose()
        {
            lock (feed._gate)
            {
                feed._watchers = feed._watchers.Remove(onList);
            }
        }
    }
}
