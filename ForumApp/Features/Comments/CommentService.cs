using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Formatting;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Comments;

public sealed record PostedComment(CommentView Comment, long Seq, bool Replayed);

public sealed class CommentEditOptions
{
    /// <summary>Edits this soon after posting do not keep the earlier text as a revision.</summary>
    public TimeSpan RevisionGracePeriod { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Posting, editing and deleting comments. Every rule is enforced here, whichever entry point calls:
/// pages, the HTTP API and the hub all come through these methods with the caller's principal.
/// </summary>
public sealed class CommentService(
    IDbContextFactory<ForumDbContext> dbFactory,
    BodyRenderer renderer,
    PostingLimits limits,
    IOptions<CommentEditOptions> editOptions,
    ForumEventBus bus,
    TimeProvider clock)
{
    public const int MaxClientRequestIdLength = 64;

    public async Task<ForumResult<PostedComment>> PostAsync(
        ClaimsPrincipal? user, long threadId, long? parentId, string? body, string? clientRequestId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = await ForumActor.LoadAsync(db, user, cancellationToken);
        if (Refuse(actor, now) is { } refused)
        {
            return refused;
        }

        var (text, problem) = TextRules.CheckBody(body);
        if (problem is not null)
        {
            return ForumError.Invalid("body", problem);
        }

        if (clientRequestId is { Length: > MaxClientRequestIdLength })
        {
            return ForumError.Invalid("clientRequestId", $"A client request id has at most {MaxClientRequestIdLength} characters.");
        }

        if (!string.IsNullOrEmpty(clientRequestId) && await FindReplayAsync(db, actor!.Id, clientRequestId, cancellationToken) is { } replay)
        {
            return replay.Comment.ThreadId == threadId
                ? replay
                : ForumError.Conflict("This client request id was already used for a comment in another thread.");
        }

        // Rendered before anything is spent or locked: the HTML is stored, never made again on reads.
        var html = renderer.ToHtml(text, BodyFormat.Markdown);
        if (limits.CheckLinks(actor!, now, html) is { } tooManyLinks)
        {
            return ForumError.Invalid("body", tooManyLinks);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var thread = await db.Threads.AsNoTracking().SingleOrDefaultAsync(t => t.Id == threadId && t.RemovedAt == null, cancellationToken);
        if (thread is null)
        {
            return ForumError.NotFound("This thread does not exist.");
        }

        if (thread.Locked)
        {
            return ForumError.Conflict("This thread is locked.");
        }

        Comment? parent = null;
        if (parentId is { } pid)
        {
            parent = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == pid, cancellationToken);
            if (parent is null || parent.ThreadId != threadId)
            {
                return ForumError.Invalid("parentId", "The comment you are replying to is not in this thread.");
            }

            if (parent.State != CommentState.Visible)
            {
                return ForumError.Conflict("The comment you are replying to has been deleted.");
            }
        }

        if (limits.TryTakeComment(actor!, now) is { } wait)
        {
            return new ForumError(ForumErrorKind.TooManyRequests, PostingLimits.Describe(wait), RetryAfter: wait);
        }

        var comment = new Comment
        {
            ThreadId = threadId,
            ParentId = parent?.Id,
            Depth = parent is null ? 0 : parent.Depth + 1,
            AuthorId = actor!.Id,
            AuthorName = actor.DisplayName,
            Body = text,
            BodyFormat = BodyFormat.Markdown,
            BodyHtml = html,
            CreatedAt = now,
            ClientRequestId = string.IsNullOrEmpty(clientRequestId) ? null : clientRequestId,
        };
        db.Comments.Add(comment);

        try
        {
            if (parent is not null)
            {
                await db.Comments.Where(c => c.Id == parent.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReplyCount, c => c.ReplyCount + 1), cancellationToken);
            }

            await db.Threads.Where(t => t.Id == threadId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.CommentCount, t => t.CommentCount + 1)
                    .SetProperty(t => t.LastActivityAt, now), cancellationToken);

            var events = await ThreadEventLog.CommitWithEventsAsync(
                db, threadId, [new PendingThreadEvent(ThreadEventKind.Posted, comment)], now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            var view = CommentView.From(comment);
            await PublishAsync(events, view);
            return new PostedComment(view, events[0].Seq, Replayed: false);
        }
        catch (DbUpdateException) when (comment.ClientRequestId is not null)
        {
            // The same request raced itself (a retry while the first attempt was still writing).
            await transaction.RollbackAsync(cancellationToken);
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await FindReplayAsync(fresh, actor.Id, comment.ClientRequestId, cancellationToken)
                ?? throw new InvalidOperationException("The comment could not be stored.");
        }
    }

    /// <param name="threadId">When given, the comment must belong to this thread (as in the API's route).</param>
    public async Task<ForumResult<CommentView>> EditAsync(
        ClaimsPrincipal? user, long? threadId, long commentId, string? body, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = await ForumActor.LoadAsync(db, user, cancellationToken);
        if (Refuse(actor, now) is { } refused)
        {
            return refused;
        }

        var (text, problem) = TextRules.CheckBody(body);
        if (problem is not null)
        {
            return ForumError.Invalid("body", problem);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var comment = await db.Comments.Include(c => c.Thread).SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment?.Thread is null || comment.Thread.RemovedAt is not null || (threadId is { } expected && comment.ThreadId != expected))
        {
            return ForumError.NotFound("This comment does not exist.");
        }

        if (comment.AuthorId != actor!.Id)
        {
            return ForumError.Forbidden("You can only edit your own comments.");
        }

        if (comment.State != CommentState.Visible)
        {
            return ForumError.Conflict("This comment has been deleted.");
        }

        if (comment.Thread.Locked)
        {
            return ForumError.Conflict("This thread is locked.");
        }

        if (comment.Body == text)
        {
            return CommentView.From(comment);
        }

        var html = renderer.ToHtml(text, BodyFormat.Markdown);
        if (limits.CheckLinks(actor, now, html) is { } tooManyLinks)
        {
            return ForumError.Invalid("body", tooManyLinks);
        }

        if (now - comment.CreatedAt > editOptions.Value.RevisionGracePeriod)
        {
            db.CommentRevisions.Add(new CommentRevision
            {
                CommentId = comment.Id,
                Body = comment.Body,
                BodyFormat = comment.BodyFormat,
                WrittenAt = comment.EditedAt ?? comment.CreatedAt,
                ReplacedAt = now,
                EditorId = actor.Id,
            });
        }

        comment.Body = text;
        comment.BodyFormat = BodyFormat.Markdown;
        comment.BodyHtml = html;
        comment.EditedAt = now;

        IReadOnlyList<ThreadEvent> events;
        try
        {
            events = await ThreadEventLog.CommitWithEventsAsync(
                db, comment.ThreadId, [new PendingThreadEvent(ThreadEventKind.Edited, comment)], now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ForumError.Conflict("The comment changed while you were editing it. Reload it and try again.");
        }

        var view = CommentView.From(comment);
        await PublishAsync(events, view);
        return view;
    }

    public async Task<ForumResult<CommentView>> DeleteAsync(
        ClaimsPrincipal? user, long? threadId, long commentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = await ForumActor.LoadAsync(db, user, cancellationToken);

        // A suspended member only reads: deleting is writing too (and could wreck a thread's conversations).
        if (Refuse(actor, now) is { } refused)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var comment = await db.Comments.Include(c => c.Thread).SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment?.Thread is null || comment.Thread.RemovedAt is not null || (threadId is { } expected && comment.ThreadId != expected))
        {
            return ForumError.NotFound("This comment does not exist.");
        }

        if (comment.AuthorId != actor!.Id)
        {
            return ForumError.Forbidden("You can only delete your own comments.");
        }

        if (comment.State != CommentState.Visible)
        {
            return ForumError.Conflict("This comment has already been deleted.");
        }

        comment.State = CommentState.DeletedByAuthor;
        comment.DeletedAt = now;
        comment.DeletedById = actor.Id;
        comment.Thread.CommentCount = Math.Max(0, comment.Thread.CommentCount - 1);
        await ForgetVanishedAncestorsAsync(db, comment, cancellationToken);

        var events = await ThreadEventLog.CommitWithEventsAsync(
            db, comment.ThreadId, [new PendingThreadEvent(ThreadEventKind.Deleted, comment)], now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var view = CommentView.From(comment);
        await PublishAsync(events, view);
        return view;
    }

    /// <summary>
    /// An author-deleted comment with no replies leaves reads, so it no longer counts as its parent's reply;
    /// a parent that was itself deleted by its author may then leave too, and so on up the chain.
    /// </summary>
    private static async Task ForgetVanishedAncestorsAsync(ForumDbContext db, Comment comment, CancellationToken cancellationToken)
    {
        var current = comment;
        while (CommentView.IsHiddenFromReads(current) && current.ParentId is { } parentId)
        {
            var parent = await db.Comments.SingleAsync(c => c.Id == parentId, cancellationToken);
            parent.ReplyCount = Math.Max(0, parent.ReplyCount - 1);
            current = parent;
        }
    }

    /// <summary>After the commit only: the database is the record, the bus is the fast path.</summary>
    private Task PublishAsync(IReadOnlyList<ThreadEvent> events, CommentView comment) =>
        bus.PublishAsync(events.Select(e => new ThreadEventView(e.ThreadId, e.Seq, e.Kind, e.At, comment)).ToList());

    private static ForumError? Refuse(ForumActor? actor, DateTime now)
    {
        if (actor is null)
        {
            return ForumError.SignInRequired();
        }

        return actor.IsSuspendedAt(now)
            ? ForumError.Forbidden($"Your account is suspended until {actor.SuspendedUntil:yyyy-MM-dd HH:mm} UTC. You can read but not post.")
            : null;
    }

    private static async Task<PostedComment?> FindReplayAsync(ForumDbContext db, long authorId, string clientRequestId, CancellationToken cancellationToken)
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
}
