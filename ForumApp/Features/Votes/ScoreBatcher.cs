using ForumApp.Data;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Votes;

/// <summary>
/// Gathers the comments whose votes changed and publishes their scores once per <see cref="Every"/>, one message
/// per thread: a popular comment voted on a hundred times a second costs its readers one update a second.
/// The scores are read from the database at flush time, not taken from the votes, so concurrent votes can never
/// leave a stale score as the last word.
/// </summary>
public sealed partial class ScoreBatcher(
    IDbContextFactory<ForumDbContext> dbFactory, ForumEventBus bus, TimeProvider clock, ILogger<ScoreBatcher> logger) : IDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private HashSet<long> _pending = [];
    private bool _scheduled;

    /// <summary>Notes a comment whose score moved (after the vote's commit); its score goes out with the next batch.</summary>
    public void Changed(long commentId)
    {
        lock (_lock)
        {
            _pending.Add(commentId);
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
        }

        _ = FlushLaterAsync();
    }

    private async Task FlushLaterAsync()
    {
        try
        {
            await Task.Delay(Every, clock, _stopping.Token);
            HashSet<long> changed;
            lock (_lock)
            {
                changed = _pending;
                _pending = [];
                _scheduled = false;
            }

            await PublishAsync(changed, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            // Scores are a courtesy to open pages: the stored score is what the next read shows anyway.
            LogFlushFailed(exception);
        }
    }

    private async Task PublishAsync(HashSet<long> commentIds, CancellationToken cancellationToken)
    {
        if (commentIds.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = new List<(long ThreadId, long CommentId, int Score)>();
        foreach (var chunk in commentIds.Chunk(500))
        {
            var read = await db.Comments.AsNoTracking()
                .Where(c => chunk.Contains(c.Id))
                .Select(c => new { c.ThreadId, c.Id, c.Score })
                .ToListAsync(cancellationToken);
            rows.AddRange(read.Select(r => (r.ThreadId, r.Id, r.Score)));
        }

        foreach (var thread in rows.GroupBy(r => r.ThreadId))
        {
            var scores = thread.OrderBy(r => r.CommentId).Select(r => new CommentScore(r.CommentId, r.Score)).ToList();
            await bus.PublishAsync(new ScoresChanged(thread.Key, scores));
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a batch of scores failed; open pages keep the scores they show.")]
    private partial void LogFlushFailed(Exception exception);
}
