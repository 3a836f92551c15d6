using System.Collections.Concurrent;
using ForumApp.Realtime;

namespace ForumApp.Features.Threads;

/// <summary>
/// The comments of each thread's first screen (per order), as last read, so that a page does not walk the tree
/// again for every reader. An entry is only ever served for the thread's current <c>LastSeq</c>, which the
/// caller reads from the database on every request: every post, edit, deletion, removal, restore and lock moves
/// it, on whichever instance it happened, so no event can be missed the way a lost message could be. Votes do
/// not move it; a thread's entries are dropped when its scores change (<see cref="ScoresChanged"/> reaches every
/// instance), and kept a short while at most in case that message is lost.
/// </summary>
public sealed class FirstScreenCache(ForumEventBus bus, TimeProvider clock)
{
    /// <summary>Threads whose first screens are kept; the least recently read goes first.</summary>
    public const int MaxThreads = 128;

    /// <summary>How long an entry may serve at most: bounds a score that changed on an instance whose message was lost.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, ThreadScreens> _threads = new();
    private readonly Lock _evicting = new();

    /// <summary>A first screen's comments as read with the thread at one sequence number.</summary>
    public sealed record Screen(long LastSeq, IReadOnlyList<CommentView> Comments, long? LastRootId, int Remaining, DateTimeOffset ReadAt);

    /// <summary>What a reader asks for before reading: the cached screen if it is current, and a ticket to store what it reads.</summary>
    public (Screen? Cached, Ticket Ticket) Find(long threadId, CommentSort sort, long lastSeq)
    {
        if (!_threads.TryGetValue(threadId, out var screens))
        {
            // Not GetOrAdd: its factory may run twice, and the loser's subscription would never be dropped.
            var created = new ThreadScreens(threadId, bus);
            screens = _threads.GetOrAdd(threadId, created);
            if (!ReferenceEquals(screens, created))
            {
                created.Dispose();
            }
        }

        if (screens.Disposed)
        {
            // Evicted between the lookup and now: read without keeping what is read.
            return (null, new Ticket(null, sort, 0));
        }

        screens.LastUsed = clock.GetTimestamp();
        var generation = Volatile.Read(ref screens.Generation);
        var cached = screens.BySort.TryGetValue(sort, out var screen)
            && screen.LastSeq == lastSeq
            && clock.GetUtcNow() - screen.ReadAt < MaxAge
            ? screen
            : null;
        if (_threads.Count > MaxThreads)
        {
            Evict();
        }

        return (cached, new Ticket(screens, sort, generation));
    }

    /// <summary>Keeps what was read, unless the scores changed since <see cref="Find"/> (the read may predate them).</summary>
    public void Keep(Ticket ticket, long lastSeq, IReadOnlyList<CommentView> comments, long? lastRootId, int remaining)
    {
        if (ticket.Screens is not { Disposed: false } screens)
        {
            return;
        }

        var screen = new Screen(lastSeq, comments, lastRootId, remaining, clock.GetUtcNow());
        screens.BySort.AddOrUpdate(ticket.Sort, screen, (_, old) => old.LastSeq > lastSeq ? old : screen);

        // A score change that arrived during the read may have cleared the entries before this one was added.
        if (Volatile.Read(ref screens.Generation) != ticket.Generation)
        {
            screens.BySort.TryRemove(new KeyValuePair<CommentSort, Screen>(ticket.Sort, screen));
        }
    }

    /// <summary>
    /// A vote on one of the thread's comments was committed here: its screens go now, not when the scores are
    /// published (once a second), so a reader who voted and reloads sees the new score.
    /// </summary>
    public void ScoresMoved(long threadId)
    {
        if (_threads.TryGetValue(threadId, out var screens))
        {
            screens.Drop();
        }
    }

    private void Evict()
    {
        lock (_evicting)
        {
            while (_threads.Count > MaxThreads)
            {
                var oldest = _threads.Values.MinBy(t => t.LastUsed);
                if (oldest is null || !_threads.TryRemove(new KeyValuePair<long, ThreadScreens>(oldest.ThreadId, oldest)))
                {
                    return;
                }

                oldest.Dispose();
            }
        }
    }

    /// <summary>Where a read's result goes, and the score generation it was read under.</summary>
    public readonly record struct Ticket(ThreadScreens? Screens, CommentSort Sort, long Generation);

    /// <summary>One thread's kept screens, dropped whenever its scores change.</summary>
    public sealed class ThreadScreens : IDisposable
    {
        private readonly IDisposable _scores;

        internal ThreadScreens(long threadId, ForumEventBus bus)
        {
            ThreadId = threadId;
            _scores = bus.SubscribeScores(threadId, _ =>
            {
                Drop();
                return Task.CompletedTask;
            });
        }

        public long ThreadId { get; }

        internal ConcurrentDictionary<CommentSort, Screen> BySort { get; } = new();

        internal long Generation;

        internal long LastUsed;

        internal bool Disposed { get; private set; }

        internal void Drop()
        {
            Interlocked.Increment(ref Generation);
            BySort.Clear();
        }

        public void Dispose()
        {
            Disposed = true;
            BySort.Clear();
            _scores.Dispose();
        }
    }
}
