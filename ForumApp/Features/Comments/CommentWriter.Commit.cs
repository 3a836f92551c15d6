using ForumApp.Data;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Comments;

// Committing a batch: one transaction, one sequence allocation per thread, and the fallback to one comment at a time.
public sealed partial class CommentWriter
{
    /// <summary>Never throws: every comment of the batch gets an outcome, an exception at worst.</summary>
    private async Task WriteAsync(List<Pending> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                _committed.Writer.TryWrite(await CommitAsync(batch));
                return;
            }
            catch (Exception exception) when (DatabaseAvailability.IsUnavailableError(exception))
            {
                // The database itself is locked or gone: no comment is to blame, and trying each alone would
                // make the last one wait out the busy timeout once per comment before it.
                LogBatchFailed(exception, batch.Count);
                foreach (var pending in batch)
                {
                    pending.Outcome.TrySetException(exception);
                }

                return;
            }
            catch (Exception exception)
            {
                // Something no check foresaw (a constraint): each comment alone finds out whose it was.
                LogBatchFailed(exception, batch.Count);
            }
        }

        foreach (var pending in batch)
        {
            try
            {
                _committed.Writer.TryWrite(await CommitAsync([pending]));
            }
            catch (Exception exception)
            {
                await FailAsync(pending, exception);
            }
        }
    }

    private async Task FailAsync(Pending pending, Exception exception)
    {
        // The same request was stored meanwhile by another process on this database: that is a replay.
        if (DatabaseErrors.IsUniqueViolation(exception) && pending.Draft.ClientRequestId is { } requestId)
        {
            try
            {
                await using var db = await _dbFactory.CreateDbContextAsync();
                if (await FindReplayAsync(db, pending.Draft.Author.Id, requestId) is { } earlier)
                {
                    pending.Outcome.TrySetResult(AsReplay(earlier, pending.Draft.ThreadId));
                    return;
                }
            }
            catch (Exception lookupFailure)
            {
                LogCommentFailed(lookupFailure);
            }
        }

        LogCommentFailed(exception);
        pending.Outcome.TrySetException(exception);
    }

    private async Task<CommittedBatch> CommitAsync(IReadOnlyList<Pending> batch)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();

        // A failed batch is rolled back whole and retried comment by comment, so EF's savepoint around each
        // SaveChanges would buy nothing and cost two round trips apiece on a database server.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginWriteTransactionAsync();
        var now = _clock.GetUtcNow().UtcDateTime;
        var drafts = batch.Select(p => p.Draft).ToList();
        var onPostgreSql = db.Database.IsNpgsql();
        var (facts, ids) = onPostgreSql ? await ReadFactsOnPostgreSqlAsync(db, drafts) : (await BatchFacts.ReadAsync(db, drafts), null);

        var decisions = new List<(Pending Pending, Decision Decision)>(batch.Count);
        var stored = new List<Comment>();
        var storedByRequest = new Dictionary<(long AuthorId, string RequestId), Comment>();
        foreach (var pending in batch)
        {
            var decision = Decide(pending, facts, storedByRequest, now);
            if (decision.Stored is { } comment)
            {
                if (ids is not null)
                {
                    comment.Id = ids.Dequeue();
                }

                stored.Add(comment);
                if (comment.ClientRequestId is { } requestId)
                {
                    storedByRequest[(pending.Draft.Author.Id, requestId)] = comment;
                }
            }

            decisions.Add((pending, decision));
        }

        var seqOf = new Dictionary<Comment, long>(ReferenceEqualityComparer.Instance);
        var events = new List<ThreadEventView>(stored.Count);
        var committed = false;
        if (stored.Count > 0)
        {
            if (onPostgreSql)
            {
                await InsertOnPostgreSqlAsync(db, stored, now);
            }
            else
            {
                db.Comments.AddRange(stored);
                await db.SaveChangesAsync();
                await CountRepliesAsync(db, stored);
            }

            // Threads in id order: two instances' batches then lock thread rows in the same order and cannot deadlock on them.
            // The last thread's statement may carry the COMMIT (PostgreSQL): nothing of the group is decided after it.
            var threads = stored.GroupBy(c => c.ThreadId).OrderBy(g => g.Key).ToList();
            foreach (var inThread in threads)
            {
                var comments = inThread.OrderBy(c => c.Id).ToList();
                (var threadEvents, committed) = await ThreadEventLog.AppendPostedAsync(
                    db, inThread.Key, comments, now, commit: inThread == threads[^1]);
                for (var i = 0; i < comments.Count; i++)
                {
                    seqOf[comments[i]] = threadEvents[i].Seq;
                    events.Add(new ThreadEventView(inThread.Key, threadEvents[i].Seq, ThreadEventKind.Posted, now, CommentView.From(comments[i])));
                }
            }
        }

        if (committed)
        {
            // Ended on the server already; disposing finds nothing to roll back and lets the context run plain queries again.
            await transaction.DisposeAsync();
        }
        else
        {
            await transaction.CommitAsync();
        }

        var outcomes = new List<(Pending, ForumResult<PostedComment>)>(decisions.Count);
        foreach (var (pending, decision) in decisions)
        {
            ForumResult<PostedComment> outcome = decision switch
            {
                { Refused: { } error } => error,
                { Stored: { } comment } => new PostedComment(CommentView.From(comment), seqOf[comment], Replayed: false),
                { ReplayOf: { } original } => new PostedComment(CommentView.From(original), seqOf[original], Replayed: true),
                _ => await FindReplayAsync(db, pending.Draft.Author.Id, pending.Draft.ClientRequestId!) is { } earlier
                    ? AsReplay(earlier, pending.Draft.ThreadId)
                    : throw new InvalidOperationException("A repeated client request id lost its comment."),
            };
            outcomes.Add((pending, outcome));
        }

        return new CommittedBatch(events, outcomes);
    }
}
