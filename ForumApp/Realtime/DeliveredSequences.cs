using System.Collections.Concurrent;
using System.Diagnostics;

namespace ForumApp.Realtime;

/// <summary>
/// Which sequence numbers this instance has delivered to its local subscribers, per watched thread.
/// Lets <see cref="SequenceWatcher"/> see a gap (an event lost between instances) and fill it from the database,
/// and an open page see that it lost an event this instance delivered (DeliveredSequences.Pages.cs).
/// </summary>
public sealed partial class DeliveredSequences
{
    private readonly ConcurrentDictionary<long, Tracker> _threads = new();

    public void Observe(long threadId, long seq)
    {
        if (_threads.TryGetValue(threadId, out var tracker))
        {
            tracker.Observe(seq);
        }
    }

    /// <summary>
    /// Starts watching a thread whose database sequence is now <paramref name="lastSeq"/>, read after this
    /// instance's subscriber joined: anything later that does not arrive here is then seen as missing.
    /// </summary>
    public void Track(long threadId, long lastSeq) => _threads.TryAdd(threadId, new Tracker(lastSeq, Stopwatch.GetTimestamp()));

    /// <summary>Stops watching a thread, unless it started being watched after <paramref name="unwatchedSince"/>.</summary>
    internal void Untrack(long threadId, long unwatchedSince)
    {
        if (_threads.TryGetValue(threadId, out var tracker) && tracker.Since < unwatchedSince)
        {
            _threads.TryRemove(KeyValuePair.Create(threadId, tracker));
        }
    }

    internal bool IsTracked(long threadId) => _threads.ContainsKey(threadId);

    /// <summary>The highest sequence number delivered here with none missing below it; null for a thread not watched.</summary>
    public long? DeliveredUpTo(long threadId) => _threads.TryGetValue(threadId, out var tracker) ? tracker.Watermark : null;

    internal IReadOnlyCollection<long> TrackedThreads => _threads.Keys.ToList();

    /// <summary>The sequence numbers up to <paramref name="lastSeq"/> not delivered yet; advances past what was.</summary>
    internal IReadOnlyList<long> Missing(long threadId, long lastSeq) =>
        _threads.TryGetValue(threadId, out var tracker) ? tracker.Missing(lastSeq) : [];

    private sealed class Tracker(long watermark, long since)
    {
        public long Since { get; } = since;

        private readonly SortedSet<long> _ahead = [];
        private long _watermark = watermark;

        public long Watermark
        {
            get
            {
                lock (this)
                {
                    return _watermark;
                }
            }
        }

        public void Observe(long seq)
        {
            lock (this)
            {
                if (seq > _watermark)
                {
                    _ahead.Add(seq);
                    Advance();
                }
            }
        }

        public IReadOnlyList<long> Missing(long lastSeq)
        {
            lock (this)
            {
                Advance();
                var missing = new List<long>();
                for (var seq = _watermark + 1; seq <= lastSeq; seq++)
                {
                    if (!_ahead.Contains(seq))
                    {
                        missing.Add(seq);
                    }
                }

                return missing;
            }
        }

        private void Advance()
        {
            while (_ahead.Count > 0 && _ahead.Min == _watermark + 1)
            {
                _watermark++;
                _ahead.Remove(_watermark);
            }
        }
    }
}
