using System.Collections.Immutable;
using ForumApp.Realtime;

namespace ForumApp.Features.Threads;

/// <summary>
/// The list of threads as the home pages show it, kept current from the bus. However many home pages are
/// open and however busy the forum, the list is read at most once per <see cref="Interval"/>, and only while
/// someone watches: a burst of comments becomes one read, whose result every home page shares. Each home page
/// shows the first so many threads (more after "Load more"); the read covers the longest of them, and each
/// page gets its own first part of it, so a page never shows a thread twice or skips one as the order changes.
/// </summary>
public sealed partial class ThreadListFeed : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ThreadService _threads;
    private readonly TimeProvider _time;
    private readonly ILogger<ThreadListFeed> _logger;
    private readonly IDisposable _busSubscription;
    private readonly Lock _gate = new();
    /// <summary>No home page shares more than this many threads live; a longer list stops following changes past it.</summary>
    public const int MaxShared = 1000;

    private ImmutableArray<Watcher> _watchers = [];
    private bool _pending;
    private bool _refreshing;

    public ThreadListFeed(ForumEventBus bus, ThreadService threads, TimeProvider time, ILogger<ThreadListFeed> logger)
    {
        _threads = threads;
        _time = time;
        _logger = logger;
        _busSubscription = bus.SubscribeThreadList(OnChanged);
    }

    /// <summary>
    /// Calls <paramref name="onList"/> with the first <paramref name="wanted"/>() threads of the list (and whether
    /// more follow) after it changed, until disposed. <paramref name="wanted"/> is asked at each read.
    /// </summary>
    public IDisposable Watch(Func<int> wanted, Func<ThreadListPrefix, Task> onList)
    {
        var watcher = new Watcher(wanted, onList);
        lock (_gate)
        {
            _watchers = _watchers.Add(watcher);
        }

        return new Unwatch(this, watcher);
    }

    /// <summary>The first <paramref name="count"/> threads, as a watcher gets them.</summary>
    public async Task<ThreadListPrefix> ReadAsync(int count, CancellationToken cancellationToken = default) =>
        ThreadListPrefix.Of(await _threads.ListFirstAsync(Math.Clamp(count, 1, MaxShared), cancellationToken), count);

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
            ImmutableArray<Watcher> watchers;
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
                var wanted = watchers.Select(w => w.Wanted()).ToList();
                var list = await _threads.ListFirstAsync(Math.Clamp(wanted.Max(), 1, MaxShared));
                await Task.WhenAll(watchers.Select((watcher, i) => DeliverAsync(watcher, ThreadListPrefix.Of(list, wanted[i]))));
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

    private async Task DeliverAsync(Watcher watcher, ThreadListPrefix list)
    {
        try
        {
            await watcher.OnList(list);
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

    private sealed record Watcher(Func<int> Wanted, Func<ThreadListPrefix, Task> OnList);

    private sealed class Unwatch(ThreadListFeed feed, Watcher watcher) : IDisposable
    {
        public void Dispose()
        {
            lock (feed._gate)
            {
                feed._watchers = feed._watchers.Remove(watcher);
            }
        }
    }
}

/// <summary>The first threads of the list, and whether more follow them.</summary>
public sealed record ThreadListPrefix(IReadOnlyList<ThreadSummary> Items, bool HasMore)
{
    public static ThreadListPrefix Of(ThreadListPage page, int count) =>
        new(page.Items.Take(count).ToList(), page.Items.Count > count || page.NextCursor is not null);
}
