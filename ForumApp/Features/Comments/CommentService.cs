using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Formatting;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
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
    TimeProvider clock,
    ILogger<CommentService>? logger = null) : IAsyncDisposable, IDisposable
{
    public const int MaxClientRequestIdLength = 64;

    private static readonly TimeSpan PosterLifetime = TimeSpan.FromSeconds(10);

    private readonly CommentWriter _writer = new(dbFactory, limits, bus, clock, logger ?? (ILogger)NullLogger.Instance);
    private readonly MemoryCache _posters = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _posters.Dispose();
    }

    /// <summary>Stops taking comments; those already queued are still stored.</summary>
    public void Dispose()
    {
        _writer.Complete();
        _posters.Dispose();
    }

    public async Task<ForumResult<PostedComment>> PostAsync(
        ClaimsPrincipal? user, long threadId, long? parentId, string? body, string? clientRequestId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = await LoadPosterAsync(user, now, cancellationToken);
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

        var requestId = string.IsNullOrEmpty(clientRequestId) ? null : clientRequestId;

        // Rendered before anything is spent or locked: the HTML is stored, never made again on reads.
        var html = renderer.ToHtml(text, BodyFormat.Markdown);
        if (limits.CheckLinks(actor!, now, html) is { } tooManyLinks)
        {
            // A retry of a post that was stored is answered with it, whatever this body holds.
            if (requestId is not null && await FindReplayAsync(actor!.Id, requestId, cancellationToken) is { } replay)
            {
                return replay.Comment.ThreadId == threadId
                    ? replay
                    : ForumError.Conflict("This client request id was already used for a comment in another thread.");
            }

            return ForumError.Invalid("body", tooManyLinks);
        }

        // The thread, the parent, a repeated request id and the posting budget are decided by the writer,
        // under the write lock, together with the other comments it stores in the same transaction.
        return await _writer.PostAsync(new CommentDraft(actor!, threadId, parentId, text, html, requestId), cancellationToken);
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

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
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

        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
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

        return actor.IsSuspendedAt(now) ? Suspended(actor.SuspendedUntil!.Value) : null;
    }

    internal static ForumError Suspended(DateTime until) =>
        ForumError.Forbidden($"Your account is suspended until {until:yyyy-MM-dd HH:mm} UTC. You can read but not post.");

    private async Task<PostedComment?> FindReplayAsync(long authorId, string clientRequestId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
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
