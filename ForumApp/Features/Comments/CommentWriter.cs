using System.Threading.Channels;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Comments;

/// <summary>A new comment that passed every check needing no database; the writer decides the rest.</summary>
internal sealed record CommentDraft(ForumActor Author, long ThreadId, long? ParentId, string Body, string BodyHtml, string? ClientRequestId);

/// <summary>
/// Stores new comments in groups: one task drains the queue and commits up to <see cref="MaxBatchSize"/>
/// comments per transaction, so concurrent posters share one write lock, one <c>BEGIN</c> and one commit
/// instead of queueing for the lock one by one. Everything that can refuse a single comment (the thread,
/// the parent, the author's suspension, a repeated client request id, the posting budget) is decided from
/// the database inside the batch's transaction, comment by comment, so one bad comment gets its own error
/// and the others are stored. A caller hears back only after the commit, and after the comment's event has
/// been published; events are published in commit order by a second task, so the writer is already
/// committing the next batch meanwhile.
/// </summary>
public sealed partial class CommentWriter : IAsyncDisposable
{
    /// <summary>Large enough to empty the queue of a busy thread in one go, small enough to keep a batch short.</summary>
    public const int MaxBatchSize = 200;

    private readonly IDbContextFactory<ForumDbContext> _dbFactory;
    private readonly PostingLimits _limits;
    private readonly ForumEventBus _bus;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<CommittedBatch> _committed = Channel.CreateUnbounded<CommittedBatch>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Lazy<Task> _running;

    public CommentWriter(IDbContextFactory<ForumDbContext> dbFactory, PostingLimits limits, ForumEventBus bus, TimeProvider clock, ILogger<CommentWriter> logger)
    {
        _dbFactory = dbFactory;
        _limits = limits;
        _bus = bus;
        _clock = clock;
        _logger = logger;
        _running = new Lazy<Task>(Start);
    }

    internal Task<ForumResult<PostedComment>> PostAsync(CommentDraft draft, CancellationToken cancellationToken)
    {
        var pending = new Pending(draft, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(CommentWriter), "The forum is shutting down.");
        }

        _ = _running.Value;
        return pending.Outcome.Task;
    }

    public void Complete() => _queue.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        Complete();
        if (_running.IsValueCreated)
        {
            await _running.Value;
        }
    }

    private Task Start()
    {
        // The loops outlive the request that started them: they must not carry its execution context along.
        using (ExecutionContext.SuppressFlow())
        {
            return Task.WhenAll(Task.Run(WriteLoopAsync), Task.Run(PublishLoopAsync));
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<Pending>();
            while (batch.Count < MaxBatchSize && reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Outcome.TrySetCanceled(pending.CancellationToken);
                }
                else
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await WriteAsync(batch);
            }
            catch (Exception exception)
            {
                // Whatever went wrong, the loop must live on: later comments would otherwise wait forever.
                LogCommentFailed(exception);
                foreach (var pending in batch)
                {
                    pending.Outcome.TrySetException(exception);
                }
            }
        }

        _committed.Writer.TryComplete();
    }

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

    private async Task PublishLoopAsync()
    {
        await foreach (var batch in _committed.Reader.ReadAllAsync())
        {
            if (batch.Events.Count > 0)
            {
                try
                {
                    await _bus.PublishAsync(batch.Events);
                }
                catch (Exception exception)
                {
                    // The comments are committed: viewers catch up by sequence number, and the posters get their answer.
                    LogPublishFailed(exception);
                }
            }

            foreach (var (pending, outcome) in batch.Outcomes)
            {
                pending.Outcome.TrySetResult(outcome);
            }
        }
    }

    private async Task<CommittedBatch> CommitAsync(IReadOnlyList<Pending> batch)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginWriteTransactionAsync();
        var now = _clock.GetUtcNow().UtcDateTime;
        var facts = await BatchFacts.ReadAsync(db, batch.Select(p => p.Draft).ToList());

        var decisions = new List<(Pending Pending, Decision Decision)>(batch.Count);
        var stored = new List<Comment>();
        var storedByRequest = new Dictionary<(long AuthorId, string RequestId), Comment>();
        foreach (var pending in batch)
        {
            var decision = Decide(pending, facts, storedByRequest, now);
            if (decision.Stored is { } comment)
            {
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
        if (stored.Count > 0)
        {
            db.Comments.AddRange(stored);
            await db.SaveChangesAsync();
            await CountRepliesAsync(db, stored);

            // Threads in id order: two instances' batches that touch the same threads lock them in one order, never crosswise.
            foreach (var inThread in stored.GroupBy(c => c.ThreadId).OrderBy(g => g.Key))
            {
                var comments = inThread.OrderBy(c => c.Id).ToList();
                await db.Threads.Where(t => t.Id == inThread.Key)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(t => t.CommentCount, t => t.CommentCount + comments.Count)
                        .SetProperty(t => t.LastActivityAt, now));
                var threadEvents = await ThreadEventLog.CommitWithEventsAsync(
                    db, inThread.Key, comments.Select(c => new PendingThreadEvent(ThreadEventKind.Posted, c)).ToList(), now);
                for (var i = 0; i < comments.Count; i++)
                {
                    seqOf[comments[i]] = threadEvents[i].Seq;
                    events.Add(new ThreadEventView(inThread.Key, threadEvents[i].Seq, ThreadEventKind.Posted, now, CommentView.From(comments[i])));
                }
            }
        }

        await transaction.CommitAsync();

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

    /// <summary>What to do with one comment, given the database as the transaction sees it and the comments before it.</summary>
    private Decision Decide(Pending pending, BatchFacts facts, Dictionary<(long, string), Comment> storedByRequest, DateTime now)
    {
        var draft = pending.Draft;
        if (!facts.Authors.TryGetValue(draft.Author.Id, out var author))
        {
            return new Decision(Refused: ForumError.SignInRequired());
        }

        // Checked again here, under the write lock: a suspension committed before this batch holds for it.
        if (ForumGuard.RefuseSuspended(author.SuspendedUntil, now) is { } suspended)
        {
            return new Decision(Refused: suspended);
        }

        if (draft.ClientRequestId is { } requestId)
        {
            if (facts.EarlierRequests.TryGetValue((draft.Author.Id, requestId), out var earlierThreadId))
            {
                return earlierThreadId == draft.ThreadId ? new Decision(ReplayOfEarlier: true) : new Decision(Refused: OtherThread);
            }

            if (storedByRequest.TryGetValue((draft.Author.Id, requestId), out var original))
            {
                return original.ThreadId == draft.ThreadId ? new Decision(ReplayOf: original) : new Decision(Refused: OtherThread);
            }
        }

        if (!facts.Threads.TryGetValue(draft.ThreadId, out var locked))
        {
            return new Decision(Refused: ForumError.NotFound(ThreadService.NotFoundMessage));
        }

        if (locked)
        {
            return new Decision(Refused: ForumError.Conflict("This thread is locked."));
        }

        var depth = 0;
        if (draft.ParentId is { } parentId)
        {
            if (!facts.Parents.TryGetValue(parentId, out var parent) || parent.ThreadId != draft.ThreadId)
            {
                return new Decision(Refused: ForumError.Invalid("parentId", "The comment you are replying to is not in this thread."));
            }

            if (parent.State != CommentState.Visible)
            {
                return new Decision(Refused: ForumError.Conflict("The comment you are replying to has been deleted."));
            }

            depth = parent.Depth + 1;
        }

        if (!pending.PostingBudgetTaken)
        {
            if (_limits.TryTakeComment(draft.Author, now) is { } wait)
            {
                return new Decision(Refused: new ForumError(ForumErrorKind.TooManyRequests, PostingLimits.Describe(wait), RetryAfter: wait));
            }

            // A batch that fails is retried comment by comment; the budget is spent once.
            pending.PostingBudgetTaken = true;
        }

        return new Decision(Stored: new Comment
        {
            ThreadId = draft.ThreadId,
            ParentId = draft.ParentId,
            Depth = depth,
            AuthorId = draft.Author.Id,
            AuthorName = author.DisplayName,
            Body = draft.Body,
            BodyFormat = BodyFormat.Markdown,
            BodyHtml = draft.BodyHtml,
            CreatedAt = now,
            ClientRequestId = draft.ClientRequestId,
        });
    }

    private static ForumError OtherThread => ForumError.Conflict("This client request id was already used for a comment in another thread.");

    /// <summary>Each parent counts its new replies in one statement per batch (one per distinct count, in fact).</summary>
    private static async Task CountRepliesAsync(ForumDbContext db, List<Comment> stored)
    {
        var byCount = stored
            .Where(c => c.ParentId is not null)
            .GroupBy(c => c.ParentId!.Value)
            .GroupBy(replies => replies.Count(), replies => replies.Key);
        foreach (var parents in byCount)
        {
            var added = parents.Key;
            var ids = parents.ToList();
            await db.Comments.Where(c => ids.Contains(c.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReplyCount, c => c.ReplyCount + added));
        }
    }

    /// <summary>The comment an author already stored under this client request id, with its seq: the one replay lookup.</summary>
    internal static async Task<PostedComment?> FindReplayAsync(
        ForumDbContext db, long authorId, string clientRequestId, CancellationToken cancellationToken = default)
    {
        var original = await db.Comments.AsNoTracking()
            .SingleOrDefaultAsync(c => c.AuthorId == authorId && c.ClientRequestId == clientRequestId, cancellationToken);
        if (original is null)
        {
            return null;
        }

        var seq = await db.ThreadEvents
            .Where(e => e.CommentId == original.Id && e.Kind == ThreadEventKind.Posted)
            .Select(e => e.Seq)
            .FirstOrDefaultAsync(cancellationToken);
        return new PostedComment(CommentView.From(original), seq, Replayed: true);
    }

    /// <summary>A replay answers only in the thread of the original: a request id is not reused across threads.</summary>
    internal static ForumResult<PostedComment> AsReplay(PostedComment earlier, long threadId) =>
        earlier.Comment.ThreadId == threadId ? earlier : OtherThread;

    private sealed class Pending(CommentDraft draft, CancellationToken cancellationToken)
    {
        public CommentDraft Draft { get; } = draft;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public TaskCompletionSource<ForumResult<PostedComment>> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool PostingBudgetTaken { get; set; }
    }

    /// <summary>Exactly one of: refused, stored, a replay of a comment stored in this batch, or of one stored earlier.</summary>
    private sealed record Decision(ForumError? Refused = null, Comment? Stored = null, Comment? ReplayOf = null, bool ReplayOfEarlier = false);

    private sealed record CommittedBatch(IReadOnlyList<ThreadEventView> Events, IReadOnlyList<(Pending Pending, ForumResult<PostedComment> Outcome)> Outcomes);

    /// <summary>Everything a batch's decisions depend on, read in four queries inside its transaction.</summary>
    private sealed record BatchFacts(
        Dictionary<long, bool> Threads,
        Dictionary<long, (long ThreadId, CommentState State, int Depth)> Parents,
        Dictionary<long, (string DisplayName, DateTime? SuspendedUntil)> Authors,
        Dictionary<(long AuthorId, string RequestId), long> EarlierRequests)
    {
        public static async Task<BatchFacts> ReadAsync(ForumDbContext db, List<CommentDraft> drafts)
        {
            var threadIds = drafts.Select(d => d.ThreadId).Distinct().ToList();
            // Visible threads only, locked or not: a removed thread is refused like one that does not exist.
            var threads = await db.VisibleThreads().AsNoTracking()
                .Where(t => threadIds.Contains(t.Id))
                .Select(t => new { t.Id, t.Locked })
                .ToDictionaryAsync(t => t.Id, t => t.Locked);

            var parentIds = drafts.Where(d => d.ParentId is not null).Select(d => d.ParentId!.Value).Distinct().ToList();
            var parents = parentIds.Count == 0
                ? []
                : await db.Comments.AsNoTracking()
                    .Where(c => parentIds.Contains(c.Id))
                    .Select(c => new { c.Id, c.ThreadId, c.State, c.Depth })
                    .ToDictionaryAsync(c => c.Id, c => (c.ThreadId, c.State, c.Depth));

            var authorIds = drafts.Select(d => d.Author.Id).Distinct().ToList();
            var authors = await db.Users.AsNoTracking()
                .Where(u => authorIds.Contains(u.Id))
                .Select(u => new { u.Id, u.DisplayName, u.SuspendedUntil })
                .ToDictionaryAsync(u => u.Id, u => (u.DisplayName, u.SuspendedUntil));

            var requestIds = drafts.Where(d => d.ClientRequestId is not null).Select(d => d.ClientRequestId!).Distinct().ToList();
            var earlierRequests = new Dictionary<(long, string), long>();
            if (requestIds.Count > 0)
            {
                var requestAuthors = drafts.Where(d => d.ClientRequestId is not null).Select(d => (long?)d.Author.Id).Distinct().ToList();
                var earlier = await db.Comments.AsNoTracking()
                    .Where(c => requestAuthors.Contains(c.AuthorId) && requestIds.Contains(c.ClientRequestId!))
                    .Select(c => new { AuthorId = c.AuthorId!.Value, RequestId = c.ClientRequestId!, c.ThreadId })
                    .ToListAsync();
                foreach (var match in earlier)
                {
                    earlierRequests[(match.AuthorId, match.RequestId)] = match.ThreadId;
                }
            }

            return new BatchFacts(threads, parents, authors, earlierRequests);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a batch of {Count} comments failed; storing them one by one.")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A comment could not be stored.")]
    private partial void LogCommentFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing stored comments failed; viewers will catch up by sequence.")]
    private partial void LogPublishFailed(Exception exception);
}
