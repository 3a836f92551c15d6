using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Threads;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Votes;

/// <summary>
/// Votes on comments. Every rule is enforced here, whichever entry point calls. A vote changes the comment's
/// totals by atomic increments in the vote's own transaction, never through <see cref="Comment.Version"/>: a
/// vote never conflicts with an edit, and it is not a thread event (no seq).
/// </summary>
public sealed class VoteService(
    IDbContextFactory<ForumDbContext> dbFactory,
    ForumGuard guard,
    VoteLimits limits,
    ScoreBatcher scores,
    FirstScreenCache? firstScreens = null)
{
    public const string NotFoundMessage = "This comment does not exist.";
    public const string OwnCommentMessage = "You cannot vote on your own comment.";
    public const string DeletedMessage = "This comment has been deleted.";
    public const string LockedMessage = "This thread is locked.";
    public const string RemovedThreadMessage = "This thread has been removed.";
    public const string BadValueMessage = "A vote is 1 (up), -1 (down) or 0 (withdraw).";

    public async Task<ForumResult<VoteResult>> VoteAsync(ClaimsPrincipal? user, long commentId, int? value, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Vote, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (value is not (1 or 0 or -1))
        {
            return ForumError.Invalid("value", BadValueMessage);
        }

        if (limits.TryTake(actor!.Id) is { } wait)
        {
            return new ForumError(ForumErrorKind.TooManyRequests, VoteLimits.Describe(wait), RetryAfter: wait);
        }

        try
        {
            return await StoreAsync(db, actor.Id, commentId, value.Value, cancellationToken);
        }
        catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
        {
            // The same member's other vote on this comment got in first (two clicks, two tabs): decide again after it.
            db.ChangeTracker.Clear();
            return await StoreAsync(db, actor.Id, commentId, value.Value, cancellationToken);
        }
    }

    /// <summary>The reader's votes on these comments (absent: not voted), in one query per few hundred comments.</summary>
    public async Task<IReadOnlyDictionary<long, int>> MyVotesAsync(ClaimsPrincipal? user, IEnumerable<long> commentIds, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is not { } userId)
        {
            return new Dictionary<long, int>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var votes = new Dictionary<long, int>();
        foreach (var chunk in commentIds.Distinct().Chunk(500))
        {
            var read = await db.Votes.AsNoTracking()
                .Where(v => v.UserId == userId && chunk.Contains(v.CommentId))
                .Select(v => new { v.CommentId, v.Value })
                .ToListAsync(cancellationToken);
            foreach (var vote in read)
            {
                votes[vote.CommentId] = vote.Value;
            }
        }

        return votes;
    }

    /// <summary>
    /// The thread's comments with the reader's vote on each: 1, -1 or 0 for a signed-in reader, null for anonymous.
    /// </summary>
    public async Task<ThreadDetail> WithMyVotesAsync(ClaimsPrincipal? user, ThreadDetail thread, CancellationToken cancellationToken = default)
    {
        if (ForumActor.IdOf(user) is null)
        {
            return thread;
        }

        var mine = await MyVotesAsync(user, thread.Comments.Select(c => c.Id), cancellationToken);
        return thread with { Comments = thread.Comments.Select(c => c with { MyVote = mine.GetValueOrDefault(c.Id) }).ToList() };
    }

    private async Task<ForumResult<VoteResult>> StoreAsync(ForumDbContext db, long userId, long commentId, int value, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var target = await db.Comments.AsNoTracking()
            .Where(c => c.Id == commentId)
            .Select(c => new { c.ThreadId, c.AuthorId, c.State, c.Score, c.Thread!.Locked, c.Thread.RemovedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return ForumError.NotFound(NotFoundMessage);
        }

        if (target.AuthorId == userId)
        {
            return ForumError.Forbidden(OwnCommentMessage);
        }

        if (target.RemovedAt is not null || target.State != CommentState.Visible || target.Locked)
        {
            return ForumError.Conflict(target.RemovedAt is not null ? RemovedThreadMessage : target.Locked ? LockedMessage : DeletedMessage);
        }

        var existing = await db.Votes
            .Where(v => v.CommentId == commentId && v.UserId == userId)
            .Select(v => new { v.Id, v.Value })
            .SingleOrDefaultAsync(cancellationToken);
        var previous = existing?.Value ?? 0;
        if (previous == value)
        {
            return new VoteResult(commentId, target.Score, value);
        }

        if (existing is null)
        {
            db.Votes.Add(new Vote { CommentId = commentId, UserId = userId, Value = value, At = guard.Now });
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (value == 0)
        {
            await db.Votes.Where(v => v.Id == existing.Id).ExecuteDeleteAsync(cancellationToken);
        }
        else
        {
            var now = guard.Now;
            await db.Votes.Where(v => v.Id == existing.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Value, value).SetProperty(v => v.At, now), cancellationToken);
        }

        // Increments, not values read earlier: concurrent votes of other members add up exactly.
        var up = (value == 1 ? 1 : 0) - (previous == 1 ? 1 : 0);
        var down = (value == -1 ? 1 : 0) - (previous == -1 ? 1 : 0);
        await db.Comments.Where(c => c.Id == commentId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.UpVotes, c => c.UpVotes + up)
            .SetProperty(c => c.DownVotes, c => c.DownVotes + down)
            .SetProperty(c => c.Score, c => c.Score + up - down), cancellationToken);

        // The update holds the row (or, on SQLite, the database) until commit, so the totals read now are the
        // ones the rank must follow.
        var totals = await db.Comments.AsNoTracking()
            .Where(c => c.Id == commentId)
            .Select(c => new { c.UpVotes, c.DownVotes, c.Score })
            .SingleAsync(cancellationToken);
        var rank = WilsonScore.LowerBound(totals.UpVotes, totals.DownVotes);
        await db.Comments.Where(c => c.Id == commentId).ExecuteUpdateAsync(s => s.SetProperty(c => c.BestRank, rank), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        firstScreens?.ScoresMoved(target.ThreadId);
        scores.Changed(commentId);
        return new VoteResult(commentId, totals.Score, value);
    }
}
