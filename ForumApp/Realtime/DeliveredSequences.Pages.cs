namespace ForumApp.Realtime;

/// <summary>
/// The open pages' safety net, one for the instance: push is the fast path, and a page that applied less than
/// this instance had delivered a check earlier lost an event on its way in (what was delivered just now is most
/// likely still queued). One timer compares every open page with that record, in memory, and nudges only the
/// pages behind it: an idle page costs no timer, no wake-up and no query of its own.
/// </summary>
public sealed partial class DeliveredSequences : IDisposable
{
    /// <summary>How often open pages are compared with what this instance had delivered one check earlier.</summary>
    public static readonly TimeSpan PageCheckEvery = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _clock;
    private readonly Dictionary<long, WatchedThread> _pages = [];
    private ITimer? _pageCheck;
    private bool _disposed;

    public DeliveredSequences()
        : this(TimeProvider.System)
    {
    }

    public DeliveredSequences(TimeProvider clock) => _clock = clock;

    /// <summary>
    /// Watches a page of <paramref name="threadId"/> until disposed: when <paramref name="appliedUpTo"/> is below
    /// what this instance had delivered a check earlier, <paramref name="catchUp"/> is called (from a timer thread;
    /// it should only start the page's catch-up).
    /// </summary>
    public IDisposable WatchPage(long threadId, Func<long?> appliedUpTo, Action catchUp)
    {
        var page = new WatchedPage(this, threadId, appliedUpTo, catchUp);
        lock (_pages)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_pages.TryGetValue(threadId, out var thread))
            {
                thread = new WatchedThread();
                _pages.Add(threadId, thread);
            }

            thread.Pages.Add(page);
            _pageCheck ??= _clock.CreateTimer(static state => ((DeliveredSequences)state!).CheckPages(), this, PageCheckEvery, PageCheckEvery);
        }

        return page;
    }

    private void Unwatch(WatchedPage page)
    {
        lock (_pages)
        {
            if (_pages.TryGetValue(page.ThreadId, out var thread) && thread.Pages.Remove(page) && thread.Pages.Count == 0)
            {
                _pages.Remove(page.ThreadId);
            }
        }
    }

    private void CheckPages()
    {
        List<WatchedPage>? behind = null;
        lock (_pages)
        {
            foreach (var (threadId, thread) in _pages)
            {
                var deliveredBefore = thread.DeliveredBefore;
                thread.DeliveredBefore = DeliveredUpTo(threadId);
                if (deliveredBefore is null)
                {
                    continue;
                }

                foreach (var page in thread.Pages)
                {
                    if (deliveredBefore > page.AppliedUpTo())
                    {
                        (behind ??= []).Add(page);
                    }
                }
            }
        }

        foreach (var page in behind ?? [])
        {
            page.CatchUp();
        }
    }

    public void Dispose()
    {
        lock (_pages)
        {
            _disposed = true;
            _pageCheck?.Dispose();
            _pageCheck = null;
            _pages.Clear();
        }
    }

    private sealed class WatchedThread
    {
        public HashSet<WatchedPage> Pages { get; } = [];

        /// <summary>What had been delivered at the previous check; null before the first.</summary>
        public long? DeliveredBefore { get; set; }
    }

    private sealed class WatchedPage(DeliveredSequences owner, long threadId, Func<long?> appliedUpTo, Action catchUp) : IDisposable
    {
        public long ThreadId { get; } = threadId;

        public Func<long?> AppliedUpTo { get; } = appliedUpTo;

        public Action CatchUp { get; } = catchUp;

        public void Dispose() => owner.Unwatch(this);
    }
}
