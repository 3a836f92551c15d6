using System.Collections.Concurrent;

namespace ForumApp.Benchmarks.Clients;

/// <summary>
/// When each headless circuit first applied a render batch inserting a comment's element (Stopwatch time;
/// 0 = not seen), for comments newer than <see cref="AfterId"/>. A row per comment is made on its first
/// sighting, which may come before the poster's answer does.
/// </summary>
internal sealed class CommentSightings(long afterId, int circuits)
{
    private readonly ConcurrentDictionary<long, long[]> _byComment = new();
    private long _recorded;

    public long AfterId { get; } = afterId;

    public int Circuits { get; } = circuits;

    public long Recorded => Interlocked.Read(ref _recorded);

    public void Record(int circuit, long commentId, long at)
    {
        if (commentId <= AfterId || (uint)circuit >= (uint)Circuits)
        {
            return;
        }

        var row = _byComment.GetOrAdd(commentId, _ => new long[Circuits]);
        if (Interlocked.CompareExchange(ref row[circuit], at, 0) == 0)
        {
            Interlocked.Increment(ref _recorded);
        }
    }

    /// <summary>Every circuit's sighting of the comment (zeros where none), or null when no circuit saw it.</summary>
    public long[]? Of(long commentId) => _byComment.TryGetValue(commentId, out var row) ? row : null;
}
