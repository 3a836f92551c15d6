using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Threads;

public sealed record NewThread(long Id, string Title, string Slug, string Url);

/// <summary>Threads for pages and the HTTP API. One short-lived context per call.</summary>
public sealed class ThreadService(
    IDbContextFactory<ForumDbContext> dbFactory,
    BodyRenderer renderer,
    PostingLimits limits,
    ForumGuard guard,
    ThreadEventReader eventReader,
    ForumEventBus bus,
    FirstScreenCache? firstScreens = null)
{
    public const int MaxEventsPerRead = ThreadEventReader.MaxEventsPerRead;

    private readonly FirstScreenCache _firstScreens = firstScreens ?? new(bus, TimeProvider.System);

    /// <summary>The kept first screens, for the services whose changes do not move a thread's LastSeq (votes).</summary>
    public FirstScreenCache FirstScreens => _firstScreens;
    public const string NotFoundMessage = "This thread does not exist.";
    public const int MaxArticleLength = 40_000;

    /// <summary>The most threads one page of the list API returns; the home page reads this many at a time.</summary>
    public const int MaxListLimit = 100;
    public const int DefaultListLimit = 25;

    public static string UrlOf(long id, string slug) => $"/t/{id}/{slug}";

    public async Task<ForumResult<NewThread>> CreateAsync(ClaimsPrincipal? user, string? title, string? body, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (actor, refused) = await guard.CheckAsync(db, user, ForumPermission.Write, cancellationToken);
        if (refused is not null)
        {
            return refused;
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

        if (limits.TryTakeThread(actor!) is { } wait)
        {
            return new ForumError(ForumErrorKind.TooManyRequests, PostingLimits.Describe(wait), RetryAfter: wait);
        }

        var now = guard.Now;
        var thread = new ForumThread
        {
            Title = cleanTitle,
            Slug = Slug.FromTitle(cleanTitle),
            Body = text,
            BodyFormat = BodyFormat.Markdown,
            BodyHtml = renderer.ToHtml(text, BodyFormat.Markdown),
            AuthorId = actor!.Id,
            AuthorName = actor.DisplayName,
            CreatedAt = now,
            LastActivityAt = now,
        };
        db.Threads.Add(thread);
        await db.SaveChangesAsync(cancellationToken);
        await bus.PublishAsync(new ThreadListChanged(thread.Id));
        return new NewThread(thread.Id, thread.Title, thread.Slug, UrlOf(thread.Id, thread.Slug));
    }

    /// <summary>Every visible thread in the list's order (pinned first, then newest activity), without reader state.</summary>
    public Task<IReadOnlyList<ThreadSummary>> ListAsync(CancellationToken cancellationToken = default) => ListAsync(null, cancellationToken);

    /// <summary>Every visible thread in the list's order, with the reader's unread counts when signed in.</summary>
    public async Task<IReadOnlyList<ThreadSummary>> ListAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var all = await ThreadListReader.ReadAsync(db, null, null, cancellationToken);
        return (ForumActor.IdOf(user) is { } userId ? await WithUnreadAsync(db, userId, all, cancellationToken) : all).Items;
    }

    /// <summary>
    /// A page of the list after <paramref name="cursor"/>, with the reader's unread counts when signed in
    /// (one grouped query for the page). Throws <see cref="InvalidReadException"/> for a bad limit or cursor.
    /// </summary>
    public async Task<ThreadListPage> ListPageAsync(ClaimsPrincipal? user, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > MaxListLimit)
        {
            throw new InvalidReadException("limit", $"The limit must be between 1 and {MaxListLimit}.");
        }

        ThreadListCursor? after = null;
        if (cursor is not null && !ThreadListCursor.TryDecode(cursor, out after))
        {
            throw new InvalidReadException("cursor", "The cursor is not one this list gave out. Start again without it.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var page = await ThreadListReader.ReadAsync(db, limit, after, cancellationToken);
        return ForumActor.IdOf(user) is { } userId ? await WithUnreadAsync(db, userId, page, cancellationToken) : page;
    }

    /// <summary>The first <paramref name="count"/> threads of the list as every home page shares them (no reader state).</summary>
    public async Task<ThreadListPage> ListFirstAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ThreadListReader.ReadAsync(db, Math.Max(1, count), null, cancellationToken);
    }

    private static async Task<ThreadListPage> WithUnreadAsync(ForumDbContext db, long userId, ThreadListPage page, CancellationToken cancellationToken)
    {
        var unread = await UnreadCounts.ReadAsync(db, userId, page.Items.Select(t => t.Id).ToList(), cancellationToken);
        return page with { Items = page.Items.Select(t => t with { UnreadCount = unread.GetValueOrDefault(t.Id) }).ToList() };
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
        var thread = await db.VisibleThreads()
            .AsNoTracking()
            .SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (thread is null)
        {
            return null;
        }

        IReadOnlyList<CommentView> pageItems;
        string? nextCursor = null;
        if (page.Limit is { } limit)
        {
            var (comments, next) = await CommentTreeWalker.ReadPageAsync(db, id, limit, page.Cursor, page.Order, cancellationToken);
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
            var ordered = CommentTreeOrder.Arrange(comments, page.Order).Where(c => !CommentView.IsHiddenFromReads(c));
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

    /// <summary>
    /// The thread with a screen of its conversations for a reader's page: <paramref name="count"/> top-level comments
    /// after <paramref name="afterRootId"/>, each with its first <see cref="ConversationScreen.RepliesEach"/> replies;
    /// the first screen stops sooner, at <see cref="ConversationScreen.FirstScreenCards"/> comments.
    /// The detail's cursor is null once no conversation follows. Null when there is no such (visible) thread.
    /// </summary>
    public async Task<ConversationScreen?> GetConversationsAsync(
        long id, CommentSort sort, long? afterRootId = null, int count = ConversationScreen.Size, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);

        // The thread row (with LastSeq) first, as in GetAsync: a catch-up can only repeat what the comments show.
        var thread = await db.VisibleThreads().AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (thread is null)
        {
            return null;
        }

        IReadOnlyList<CommentView> views;
        long? lastRootId;
        int remaining;

        // The first screen is what every arriving reader asks for; the thread row just read says whether a kept copy is current.
        var firstScreen = afterRootId is null && count == ConversationScreen.Size;
        var (cached, ticket) = firstScreen ? _firstScreens.Find(id, sort, thread.LastSeq) : default;
        if (cached is not null)
        {
            (views, lastRootId, remaining) = (cached.Comments, cached.LastRootId, cached.Remaining);
        }
        else
        {
            List<Comment> comments;
            (comments, lastRootId, remaining) = await ConversationReader.ReadAsync(
                db, id, sort, afterRootId, Math.Clamp(count, 1, CommentPage.MaxLimit), ConversationScreen.RepliesEach,
                firstScreen ? ConversationScreen.FirstScreenCards : null, cancellationToken);
            views = comments.Select(CommentView.From).ToList().AsReadOnly();
            if (firstScreen)
            {
                _firstScreens.Keep(ticket, thread.LastSeq, views, lastRootId, remaining);
            }
        }

        var detail = new ThreadDetail(
            thread.Id, thread.Title, thread.Slug, thread.Body, thread.BodyHtml, thread.AuthorName, thread.CreatedAt, thread.Locked,
            thread.LastSeq, views, remaining > 0 ? ConversationScreen.CursorAfter(lastRootId!.Value) : null,
            thread.CommentCount);
        return new ConversationScreen(detail, remaining) { Pinned = thread.PinnedAt is not null };
    }

    /// <summary>Every reply under a comment, depth-first (up to a limit); null when the thread is gone.</summary>
    public Task<IReadOnlyList<CommentView>?> GetRepliesAsync(long threadId, long parentId, CancellationToken cancellationToken = default) =>
        GetRepliesAsync(threadId, parentId, CommentSort.Oldest, cancellationToken);

    /// <summary>Every reply under a comment, depth-first with siblings in <paramref name="sort"/>'s order; null when the thread is gone.</summary>
    public async Task<IReadOnlyList<CommentView>?> GetRepliesAsync(long threadId, long parentId, CommentSort sort, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (!await db.VisibleThreads().AnyAsync(t => t.Id == threadId, cancellationToken))
        {
            return null;
        }

        var replies = await ConversationReader.ReadRepliesAsync(db, threadId, parentId, sort, cancellationToken);
        return replies.Select(CommentView.From).ToList();
    }

    /// <summary>
    /// Where a comment sits for a reader's page: its ancestors (top-level first) and how many conversations come
    /// before its own in <paramref name="sort"/>. Null when the comment is not in this visible thread.
    /// </summary>
    public async Task<CommentLocation?> LocateAsync(long threadId, long commentId, CommentSort sort, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (!await db.VisibleThreads().AnyAsync(t => t.Id == threadId, cancellationToken)
            || await ConversationReader.AncestorsAsync(db, threadId, commentId, cancellationToken) is not { } ancestors)
        {
            return null;
        }

        var rootId = ancestors.Count > 0 ? ancestors[0] : commentId;
        return new CommentLocation(commentId, ancestors, await ConversationReader.PlaceOfAsync(db, threadId, sort, rootId, cancellationToken));
    }

    /// <summary>Whether the (visible) thread is pinned to the top of the list.</summary>
    public async Task<bool> IsPinnedAsync(long threadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.VisibleThreads().AnyAsync(t => t.Id == threadId && t.PinnedAt != null, cancellationToken);
    }

    /// <summary>The thread's newest sequence number (null if it is gone): a cheap way to ask "did anything happen?".</summary>
    public async Task<long?> GetLastSeqAsync(long threadId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.VisibleThreads().Where(t => t.Id == threadId)
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

        return await eventReader.ReadAsync(threadId, afterSeq, cancellationToken);
    }
}
