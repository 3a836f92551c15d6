using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Formatting;
using ForumApp.Features.Notifications;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Comments;

/// <summary>
/// Posting, editing and deleting comments. Every rule is enforced here, whichever entry point calls:
/// pages, the HTTP API and the hub all come through these methods with the caller's principal.
/// </summary>
public sealed class CommentService(
    IDbContextFactory<ForumDbContext> dbFactory,
    BodyRenderer renderer,
    PostingLimits limits,
    IOptions<CommentEditOptions> editOptions,
    CommentWriter writer,
    ForumGuard guard,
    ForumEventBus bus,
    MentionResolver mentions) : IDisposable
{
    public const int MaxClientRequestIdLength = 64;

    private static readonly TimeSpan PosterLifetime = TimeSpan.FromSeconds(10);

    private readonly MemoryCache _posters = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>The writer is the container's to stop; only the poster cache is this service's own.</summary>
    public void Dispose() => _posters.Dispose();

    public async Task<ForumResult<PostedComment>> PostAsync(
        ClaimsPrincipal? user, long threadId, long? parentId, string? body, string? clientRequestId, CancellationToken cancellationToken = default)
    {
        var now = guard.Now;
        var actor = await LoadPosterAsync(user, now, cancellationToken);
        if (ForumGuard.Decide(actor, ForumPermission.Write, now) is { } refused)
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

        var requestId = string.IsNullOrEmpty(clientRequestId) ? null : clientRequestId;

        // Rendered before anything is spent or locked: the HTML is stored, never made again on reads.
        var mentioned = await mentions.ResolveAsync(text, cancellationToken);
        if (mentioned.Error is { } tooManyMentions)
        {
            return tooManyMentions;
        }

        var html = renderer.ToHtml(text, BodyFormat.Markdown, mentioned.Value);
        if (limits.CheckLinks(actor!, now, html) is { } tooManyLinks)
        {
            // A retry of a post that was stored is answered with it, whatever this body holds.
            if (requestId is not null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (await CommentWriter.FindReplayAsync(db, actor!.Id, requestId, cancellationToken) is { } replay)
                {
                    return CommentWriter.AsReplay(replay, threadId);
                }
            }

            return ForumError.Invalid("body", tooManyLinks);
        }

        // The thread, the parent, a repeated request id and the posting budget are decided by the writer,
        // under the write lock, together with the other comments it stores in the same transaction.
        return await writer.PostAsync(new CommentDraft(actor!, threadId, parentId, text, html, requestId), cancellationToken);
    }

    /// <summary>
    /// The posting member, kept for a few seconds: posting reads only what cannot change (id, account age) or
    /// what the writer reads again from the database under the write lock (suspension, display name).
    /// A suspended member is never kept, so the end of a suspension is seen at once.
    /// </summary>
    private async Task<ForumActor?> LoadPosterAsync(ClaimsPrincipal? user, DateTime now, CancellationToken cancellationToken)
    {
        if (ForumActor.IdOf(user) is not { } id)
        {
            return null;
        }

        if (_posters.TryGetValue(id, out ForumActor? known) && known is not null)
        {
            return known;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = await ForumActor.LoadAsync(db, user, cancellationToken);
        if (actor is not null && !actor.IsSuspendedAt(now))
        {
            _posters.Set(id, actor, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = PosterLifetime, Size = 1 });
        }

        return actor;
    }

    /// <param name="threadId">When given, the comment must belong to this thread (as in the API's route).</param>
    public async Task<ForumResult<CommentView>> EditAsync(
        ClaimsPrincipal? user, long? threadId, long commentId, string? body, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = guard.Now;
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Write, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (text, problem) = TextRules.CheckBody(body);
        if (problem is not null)
        {
            return ForumError.Invalid("body", problem);
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var comment = await FindOwnAsync(db, threadId, commentId, cancellationToken);
        if (comment is null)
        {
            return ForumError.NotFound(NotFoundMessage);
        }

        if (comment.AuthorId != actor!.Id)
        {
            return ForumError.Forbidden("You can only edit your own comments.");
        }

        if (comment.State != CommentState.Visible)
        {
            return ForumError.Conflict("This comment has been deleted.");
        }

        if (comment.Thread!.Locked)
        {
            return ForumError.Conflict("This thread is locked.");
        }

        if (comment.Body == text)
        {
            return CommentView.From(comment);
        }

        var mentioned = await mentions.ResolveAsync(text, cancellationToken);
        if (mentioned.Error is { } tooManyMentions)
        {
            return tooManyMentions;
        }

        var html = renderer.ToHtml(text, BodyFormat.Markdown, mentioned.Value);
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
        var now = guard.Now;

        // A suspended member only reads: deleting is writing too (and could wreck a thread's conversations).
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Write, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var comment = await FindOwnAsync(db, threadId, commentId, cancellationToken);
        if (comment is null)
        {
            return ForumError.NotFound(NotFoundMessage);
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
        comment.Thread!.CommentCount = Math.Max(0, comment.Thread.CommentCount - 1);
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

    public const string NotFoundMessage = "This comment does not exist.";

    /// <summary>The comment with its thread, when the thread is visible and (if given) the one in the route.</summary>
    private static Task<Comment?> FindOwnAsync(ForumDbContext db, long? threadId, long commentId, CancellationToken cancellationToken) =>
        db.Comments.InVisibleThreads().Include(c => c.Thread)
            .SingleOrDefaultAsync(c => c.Id == commentId && (threadId == null || c.ThreadId == threadId), cancellationToken);
}
