using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Comments;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Moderation;

/// <summary>
/// Moderators remove and restore comments, and read what was removed. A comment in a removed thread is
/// treated like the thread: not found, until the thread is restored. Each change is committed with its
/// thread events and log entries in one transaction and published after the commit.
/// </summary>
public sealed class CommentModerationService(IDbContextFactory<ForumDbContext> dbFactory, ForumGuard guard, ForumEventBus bus)
{
    public async Task<ForumResult<RemovalOutcome>> RemoveCommentAsync(
        ClaimsPrincipal? user, long commentId, string? reason, bool includeReplies, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Moderate, cancellationToken);
        if ((refused ?? ModerationLog.CheckReason(reason)) is { } error)
        {
            return error;
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var removal = await RemoveWithinAsync(db, actor!, commentId, reason, includeReplies, guard.Now, cancellationToken);
        if (removal.Value is not { } removed)
        {
            return removal.Error!;
        }

        await transaction.CommitAsync(cancellationToken);
        await bus.PublishAsync(removed.Events);
        return removed.Outcome;
    }

    /// <summary>Restores the comment and everything removed in the same action with it (e.g. its subtree).</summary>
    public async Task<ForumResult<IReadOnlyList<long>>> RestoreCommentAsync(
        ClaimsPrincipal? user, long commentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Moderate, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var comment = await FindAsync(db, commentId, cancellationToken);
        if (comment is null)
        {
            return ForumError.NotFound(CommentService.NotFoundMessage);
        }

        if (comment.State != CommentState.RemovedByModerator)
        {
            return ForumError.Conflict("This comment is not removed.");
        }

        var batch = comment.RemovalBatchId;
        var restored = batch is null
            ? [comment]
            : await db.Comments
                .Where(c => c.ThreadId == comment.ThreadId && c.RemovalBatchId == batch && c.State == CommentState.RemovedByModerator)
                .ToListAsync(cancellationToken);
        restored = ParentsFirst(restored);

        var now = guard.Now;
        foreach (var target in restored)
        {
            target.State = CommentState.Visible;
            target.DeletedAt = null;
            target.DeletedById = null;
            target.Reason = null;
            target.RemovalBatchId = null;
            db.ModerationLog.Add(ModerationLog.ForComment(actor!, ModerationActions.RestoreComment, target, now, null, null));
        }

        comment.Thread!.CommentCount += restored.Count;
        var events = await ThreadEventLog.CommitWithEventsAsync(
            db, comment.ThreadId, restored.Select(c => new PendingThreadEvent(ThreadEventKind.Restored, c)).ToList(), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await bus.PublishAsync(ThreadEventReader.ViewsOf(events, restored));
        return restored.Select(c => c.Id).ToList();
    }

    public async Task<ForumResult<ModeratedCommentView>> GetCommentAsync(ClaimsPrincipal? user, long commentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await guard.RefuseAsync(db, user, ForumPermission.Moderate, cancellationToken) is { } refused)
        {
            return refused;
        }

        var comment = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null)
        {
            return ForumError.NotFound(CommentService.NotFoundMessage);
        }

        var revisions = await db.CommentRevisions.AsNoTracking()
            .Where(r => r.CommentId == commentId)
            .OrderBy(r => r.ReplacedAt)
            .Select(r => new RevisionView(r.Body, r.WrittenAt, r.ReplacedAt))
            .ToListAsync(cancellationToken);
        var removedBy = comment.DeletedById is { } byId
            ? await db.Users.Where(u => u.Id == byId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new ModeratedCommentView(
            CommentView.From(comment),
            comment.State == CommentState.Visible ? null : comment.Body,
            removedBy,
            comment.DeletedAt,
            revisions);
    }

    /// <summary>The words behind every tombstone of a thread, for moderators reading it.</summary>
    public async Task<ForumResult<IReadOnlyDictionary<long, RemovedText>>> GetRemovedTextsAsync(
        ClaimsPrincipal? user, long threadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await guard.RefuseAsync(db, user, ForumPermission.Moderate, cancellationToken) is { } refused)
        {
            return refused;
        }

        var removed = await (
                from c in db.Comments.AsNoTracking()
                where c.ThreadId == threadId && c.State != CommentState.Visible
                join u in db.Users on c.DeletedById equals u.Id into removers
                from remover in removers.DefaultIfEmpty()
                select new RemovedText(c.Id, c.Body, remover == null ? null : remover.DisplayName, c.Reason, c.DeletedAt))
            .ToListAsync(cancellationToken);
        return removed.ToDictionary(r => r.CommentId);
    }

    /// <summary>
    /// Removes a comment (and its replies) inside the caller's write transaction, with its events and log
    /// entries; the caller commits and then publishes <see cref="CommentRemoval.Events"/>. Report resolution
    /// uses it to settle the report and remove the comment as one change.
    /// </summary>
    internal static async Task<ForumResult<CommentRemoval>> RemoveWithinAsync(
        ForumDbContext db, ForumActor moderator, long commentId, string? reason, bool includeReplies, DateTime now, CancellationToken cancellationToken)
    {
        var root = await FindAsync(db, commentId, cancellationToken);
        if (root is null)
        {
            return ForumError.NotFound(CommentService.NotFoundMessage);
        }

        if (root.State == CommentState.RemovedByModerator)
        {
            return ForumError.Conflict("This comment has already been removed.");
        }

        var targets = includeReplies
            ? Subtree(await db.Comments.Where(c => c.ThreadId == root.ThreadId).ToListAsync(cancellationToken), root.Id)
            : [root];
        var removed = targets.Where(c => c.State == CommentState.Visible).ToList();
        if (removed.Count == 0)
        {
            return ForumError.Conflict("There is nothing left to remove here.");
        }

        var batch = Guid.NewGuid();
        var events = await RemoveInThreadAsync(db, moderator, root.Thread!, removed, reason, batch, now, cancellationToken);
        return new CommentRemoval(new RemovalOutcome(batch, removed.Select(c => c.Id).ToList()), events);
    }

    /// <summary>Marks comments of one thread removed, logs each with its words, and appends their events (parents first).</summary>
    internal static async Task<IReadOnlyList<ThreadEventView>> RemoveInThreadAsync(
        ForumDbContext db, ForumActor moderator, ForumThread thread, IReadOnlyList<Comment> comments, string? reason, Guid batch, DateTime now,
        CancellationToken cancellationToken)
    {
        foreach (var comment in comments)
        {
            comment.State = CommentState.RemovedByModerator;
            comment.DeletedAt = now;
            comment.DeletedById = moderator.Id;
            comment.Reason = ModerationLog.Clean(reason);
            comment.RemovalBatchId = batch;
            db.ModerationLog.Add(ModerationLog.ForComment(moderator, ModerationActions.RemoveComment, comment, now, reason, comment.Body));
        }

        thread.CommentCount = Math.Max(0, thread.CommentCount - comments.Count);
        var events = await ThreadEventLog.CommitWithEventsAsync(
            db, thread.Id, comments.Select(c => new PendingThreadEvent(ThreadEventKind.Removed, c)).ToList(), now, cancellationToken);
        return ThreadEventReader.ViewsOf(events, comments);
    }

    // Events for a set of comments that need not form a tree: a parent's event always comes before its replies'.
    internal static List<Comment> ParentsFirst(IEnumerable<Comment> comments) =>
        comments.OrderBy(c => c.Depth).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();

    /// <summary>A comment moderators may act on: its thread is visible (a removed thread's comments wait for the thread).</summary>
    private static Task<Comment?> FindAsync(ForumDbContext db, long commentId, CancellationToken cancellationToken) =>
        db.Comments.InVisibleThreads().Include(c => c.Thread).SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);

    /// <summary>The comment with the given id and all its descendants, parents before replies.</summary>
    private static List<Comment> Subtree(List<Comment> threadComments, long rootId)
    {
        var inSubtree = new HashSet<long> { rootId };
        var result = new List<Comment>();
        foreach (var comment in CommentTreeOrder.Arrange(threadComments))
        {
            if (comment.Id == rootId || (comment.ParentId is { } parentId && inSubtree.Contains(parentId)))
            {
                inSubtree.Add(comment.Id);
                result.Add(comment);
            }
        }

        return result;
    }
}

/// <summary>A removal made inside a transaction: what to answer, and what to publish once it commits.</summary>
internal sealed record CommentRemoval(RemovalOutcome Outcome, IReadOnlyList<ThreadEventView> Events);
