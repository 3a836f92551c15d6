using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Threads;

public sealed record NewThread(long Id, string Title, string Slug, string Url);

/// <summary>Threads for pages and the HTTP API. One short-lived context per call.</summary>
public sealed class ThreadService(
    IDbContextFactory<ForumDbContext> dbFactory,
    BodyRenderer renderer,
    PostingLimits limits,
    TimeProvider clock)
{
    public const int MaxEventsPerRead = 1000;
    public const int MaxArticleLength = 40_000;

    public static string UrlOf(long id, string slug) => $"/t/{id}/{slug}";

    public async Task<ForumResult<NewThread>> CreateAsync(ClaimsPrincipal? user, string? title, string? body, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = await ForumActor.LoadAsync(db, user, cancellationToken);
        if (actor is null)
        {
            return ForumError.SignInRequired();
        }

        if (actor.IsSuspendedAt(now))
        {
            return ForumError.Forbidden("Your account is suspended. You can read but not post.");
        }

        var (cleanTitle, titleProblem) = TextRules.CheckTitle(title);
        if (titleProblem is not null)
        {
            return ForumError.Invalid("title", titleProblem);
        }

        var (text, bodyProblem) = TextRules.CheckBody(body, MaxArticleLength, "article");
        if (bodyProblem is not null)
        {
            return ForumError.Invalid("body", bodyProblem);
        }

        if (limits.TryTakeThread(actor) is { } wait)
        {
            return new ForumError(ForumErrorKind.TooManyRequests, PostingLimits.Describe(wait), RetryAfter: wait);
        }

        var thread = new ForumThread
        {
            Title = cleanTitle,
            Slug = Slug.FromTitle(cleanTitle),
            Body = text,
            BodyFormat = BodyFormat.Markdown,
            BodyHtml = renderer.ToHtml(text, BodyFormat.Markdown),
            AuthorId = actor.Id,
            AuthorName = actor.DisplayName,
            CreatedAt = now,
            LastActivityAt = now,
        };
        db.Threads.Add(thread);
        await db.SaveChangesAsync(cancellationToken);
        return new NewThread(thread.Id, thread.Title, thread.Slug, UrlOf(thread.Id, thread.Slug));
    }

    public async Task<IReadOnlyList<ThreadSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Threads
            .AsNoTracking()
            .Where(t => t.RemovedAt == null)
            .OrderByDescending(t => t.LastActivityAt)
            .ThenByDescending(t => t.Id)
            .Select(t => new ThreadSummary(t.Id, t.Title, t.Slug, t.AuthorName, t.CommentCount, t.CreatedAt, t.LastActivityAt, t.Locked))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The thread with its comments in display order, or null when there is no such (visible) thread.</summary>
    public async Task<ThreadDetail?> GetAsync(long id, CommentPage page, CancellationToken cancellationToken = default)
    {
        if (page.Limit is < 1 or > CommentPage.MaxLimit)
        {
            throw new InvalidReadException("limit", $"The limit must be between 1 and {CommentPage.MaxLimit}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // One connection for the whole read: the tree walk runs several queries, and each would otherwise
        // take a connection from the pool and give it back.
        await db.Database.OpenConnectionAsync(cancellationToken);

        // The thread row (with LastSeq) is read before the comments, so a catch-up from LastSeq
        // can only repeat what the comments already show, never miss anything.
        var thread = await db.Threads
            .AsNoTracking()
            .SingleOrDefaultAsync(t => t.Id == id && t.RemovedAt == null, cancellationToken);
        if (thread is null)
        {
            return null;
        }

        IReadOnlyList<CommentView> pageItems;
        string? nextCursor = null;
        if (page.Limit is { } limit)
        {
            var (comments, next) = await CommentTreeWalker.ReadPageAsync(db, id, limit, page.Cursor, page.NewestFirst, cancellationToken);
            pageItems = comments.Select(CommentView.From).ToList();
            nextCursor = next;
        }
        else
        {
            if (page.Cursor is not null)
            {
                throw new InvalidReadException("cursor", "A cursor needs a limit.");
            }

            var comments = await db.Comments.AsNoTracking().Where(c => c.ThreadId == id).ToListAsync(cancellationToken);
            var ordered = CommentTreeOrder.Arrange(comments).Where(c => !CommentView.IsHiddenFromReads(c));
            if (page.NewestFirst)
            {
                ordered = NewestConversationsFirst(ordered.ToList());
            }

            pageItems = ordered.Select(CommentView.From).ToList();
        }

        return new ThreadDetail(
            thread.Id,
            thread.Title,
            thread.Slug,
            thread.Body,
            thread.BodyHtml,
            thread.AuthorName,
            thread.CreatedAt,
            thread.Locked,
            thread.LastSeq,
            pageItems,
            nextCursor,
            thread.CommentCount);
    }

    /// <summary>The thread's newest sequence number (null if it is gone): a cheap way to ask "did anything happen?".</summary>
    public async Task<long?> GetLastSeqAsync(long threadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Threads.Where(t => t.Id == threadId && t.RemovedAt == null)
            .Select(t => (long?)t.LastSeq)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Up to <see cref="MaxEventsPerRead"/> events after <paramref name="afterSeq"/>, or null when the thread does not exist.</summary>
    public async Task<IReadOnlyList<ThreadEventView>?> GetEventsAsync(long threadId, long afterSeq, CancellationToken cancellationToken = default)
    {
        if (afterSeq < 0)
        {
            throw new InvalidReadException("after", "The 'after' sequence number must be zero or more.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var exists = await db.Threads.AnyAsync(t => t.Id == threadId && t.RemovedAt == null, cancellationToken);
        if (!exists)
        {
            return null;
        }

        var rows = await (
                from e in db.ThreadEvents.AsNoTracking()
                where e.ThreadId == threadId && e.Seq > afterSeq
                orderby e.Seq
                join c in db.Comments.AsNoTracking() on e.CommentId equals c.Id into matches
                from c in matches.DefaultIfEmpty()
                select new { Event = e, Comment = c })
            .Take(MaxEventsPerRead)
            .ToListAsync(cancellationToken);

        // Events carry the comment as it is now: replaying them converges on the current thread
        // and never reveals words that were deleted since.
        return rows
            .Select(r => new ThreadEventView(
                r.Event.ThreadId,
                r.Event.Seq,
                r.Event.Kind,
                r.Event.At,
                r.Comment is null ? null : CommentView.From(r.Comment)))
            .ToList();
    }

    private static List<Comment> NewestConversationsFirst(List<Comment> ordered)
    {
        var conversations = new List<List<Comment>>();
        foreach (var comment in ordered)
        {
            if (comment.ParentId is null || conversations.Count == 0)
            {
                conversations.Add([]);
            }

            conversations[^1].Add(comment);
        }

        conversations.Reverse();
        return conversations.SelectMany(c => c).ToList();
    }
}
