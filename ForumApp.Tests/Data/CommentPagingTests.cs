using ForumApp.Data;
using ForumApp.Features.Threads;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Data;

/// <summary>Paging through a thread with keyset cursors reads exactly the display order of the whole tree.</summary>
public sealed class CommentPagingTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private SqliteTestDatabase _database = null!;
    private ThreadService _threads = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        _threads = ServiceGraph.Threads(_database, ServiceGraph.Renderer(), ServiceGraph.Limits(), TimeProvider.System);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(7, false)]
    [InlineData(25, false)]
    [InlineData(1000, false)]
    [InlineData(3, true)]
    [InlineData(25, true)]
    public async Task PagesWalkTheSameOrderAsTheWholeTree(int limit, bool newestFirst)
    {
        var threadId = await CreateRandomTreeAsync(seed: 7, comments: 300);
        var whole = await _threads.GetAsync(threadId, new CommentPage(NewestFirst: newestFirst));

        var (pages, cursor) = await WalkAsync(threadId, limit, newestFirst);

        Assert.All(pages, page => Assert.True(page.Comments.Count <= limit));
        Assert.Null(cursor);
        Assert.Equal(whole!.Comments.Select(c => c.Id), IdsOf(pages));
        Assert.Equal(newestFirst, whole.Comments[0].CreatedAt > whole.Comments.Last(c => c.Depth == 0).CreatedAt);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(10, false)]
    [InlineData(25, false)]
    [InlineData(25, true)]
    public async Task PagesOfATreeWithManyRepliesPerCommentWalkTheSameOrderAsTheWholeTree(int limit, bool newestFirst)
    {
        var threadId = await CreateRandomTreeAsync(seed: 5, comments: 300, busyParents: 6);
        var whole = await _threads.GetAsync(threadId, new CommentPage(NewestFirst: newestFirst));

        var (pages, _) = await WalkAsync(threadId, limit, newestFirst);

        Assert.Equal(whole!.Comments.Select(c => c.Id), IdsOf(pages));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(25)]
    public async Task ReplyCountsThatOverstateOnlySlowTheWalkNeverChangeIt(int limit)
    {
        // A first conversation that claims more replies than it has, then one with more replies than a page.
        var threadId = await CreateRandomTreeAsync(seed: 1, comments: 0);
        await using (var db = _database.CreateDbContext())
        {
            var claims = NewComment(threadId, null, "claims ten replies", Start);
            claims.ReplyCount = 10;
            var busy = NewComment(threadId, null, "busy", Start.AddSeconds(1));
            busy.ReplyCount = 30;
            db.Comments.Add(NewComment(threadId, claims, "the only reply", Start.AddSeconds(2)));
            db.Comments.AddRange(Enumerable.Range(1, 30).Select(i => NewComment(threadId, busy, $"reply {i}", Start.AddSeconds(2 + i))));
            await db.SaveChangesAsync();
        }

        var whole = await _threads.GetAsync(threadId, CommentPage.Everything);
        var (pages, _) = await WalkAsync(threadId, limit, newestFirst: false);

        Assert.Equal(33, whole!.Comments.Count);
        Assert.Equal(whole.Comments.Select(c => c.Id), IdsOf(pages));
    }

    /// <summary>Reads the thread page by page from the first, following each page's cursor, for 1,000 pages at most.</summary>
    private async Task<(List<ThreadDetail> Pages, string? LastCursor)> WalkAsync(long threadId, int limit, bool newestFirst)
    {
        var pages = new List<ThreadDetail>();
        string? cursor = null;
        do
        {
            var page = await _threads.GetAsync(threadId, new CommentPage(limit, cursor, newestFirst));
            Assert.NotNull(page);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 1000);

        return (pages, cursor);
    }

    private static IEnumerable<long> IdsOf(IEnumerable<ThreadDetail> pages) => pages.SelectMany(p => p.Comments).Select(c => c.Id);

    private static Comment NewComment(long threadId, Comment? parent, string body, DateTime at) => new()
    {
        ThreadId = threadId,
        Parent = parent,
        Depth = parent is null ? 0 : parent.Depth + 1,
        AuthorName = "Anonymous",
        Body = body,
        BodyHtml = $"<p>{body}</p>",
        CreatedAt = at,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(24)]
    [InlineData(25)]
    public async Task ACommentWithMoreRepliesThanAPageFillsItAndTheRestFollow(int limit)
    {
        var threadId = await CreateRandomTreeAsync(seed: 1, comments: 0);
        await using (var db = _database.CreateDbContext())
        {
            var busy = new Comment { ThreadId = threadId, AuthorName = "Anonymous", Body = "busy", BodyHtml = "<p>busy</p>", CreatedAt = Start, ReplyCount = 40 };
            var replies = Enumerable.Range(1, 40).Select(i => new Comment
            {
                ThreadId = threadId, Parent = busy, Depth = 1, AuthorName = "Anonymous", Body = $"reply {i}", BodyHtml = $"<p>reply {i}</p>", CreatedAt = Start.AddSeconds(i),
            });
            db.Comments.Add(busy);
            db.Comments.AddRange(replies);
            await db.SaveChangesAsync();
        }

        var whole = await _threads.GetAsync(threadId, CommentPage.Everything);
        var first = await _threads.GetAsync(threadId, new CommentPage(limit));
        var walked = new List<long>();
        string? cursor = null;
        do
        {
            var page = await _threads.GetAsync(threadId, new CommentPage(limit, cursor));
            walked.AddRange(page!.Comments.Select(c => c.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(whole!.Comments.Take(limit).Select(c => c.Id), first!.Comments.Select(c => c.Id));
        Assert.NotNull(first.NextCursor);
        Assert.Equal(whole.Comments.Select(c => c.Id), walked);
    }

    [Fact]
    public async Task AuthorDeletedCommentsWithoutRepliesAreLeftOutOfPages()
    {
        var threadId = await CreateRandomTreeAsync(seed: 11, comments: 60);
        await using (var db = _database.CreateDbContext())
        {
            var leaves = db.Comments.Where(c => c.ThreadId == threadId && c.ReplyCount == 0).Take(5).ToList();
            foreach (var leaf in leaves)
            {
                leaf.State = CommentState.DeletedByAuthor;
            }

            await db.SaveChangesAsync();
        }

        var whole = await _threads.GetAsync(threadId, CommentPage.Everything);
        var firstPage = await _threads.GetAsync(threadId, new CommentPage(1000));

        Assert.Equal(55, whole!.Comments.Count);
        Assert.Equal(whole.Comments.Select(c => c.Id), firstPage!.Comments.Select(c => c.Id));
    }

    [Theory]
    [InlineData("p1.garbage!")]
    [InlineData("nonsense")]
    [InlineData("p1.OTk5OTk5")]
    public async Task ACursorThatDoesNotPointIntoTheThreadIsRefused(string cursor)
    {
        var threadId = await CreateRandomTreeAsync(seed: 3, comments: 10);

        var refused = await Assert.ThrowsAsync<InvalidReadException>(() => _threads.GetAsync(threadId, new CommentPage(5, cursor)));

        Assert.Equal("cursor", refused.Field);
    }

    /// <summary>
    /// A tree with bursts of replies at random depths, some siblings sharing a timestamp. With
    /// <paramref name="busyParents"/>, half the replies go to one of the first few comments, which then have dozens.
    /// </summary>
    private async Task<long> CreateRandomTreeAsync(int seed, int comments, int busyParents = 0)
    {
        var random = new Random(seed);
        await using var db = _database.CreateDbContext();
        var thread = new ForumThread { Title = "Paging", Slug = "paging", Body = "b", BodyHtml = "<p>b</p>", AuthorName = "Anonymous", CreatedAt = Start, LastActivityAt = Start };
        db.Threads.Add(thread);
        await db.SaveChangesAsync();

        var all = new List<Comment>();
        for (var i = 0; i < comments; i++)
        {
            var parent = all.Count == 0 || random.NextDouble() < 0.25
                ? null
                : busyParents > 0 && random.NextDouble() < 0.5 ? all[random.Next(Math.Min(all.Count, busyParents))] : all[random.Next(all.Count)];
            var comment = new Comment
            {
                ThreadId = thread.Id,
                Parent = parent,
                Depth = parent is null ? 0 : parent.Depth + 1,
                AuthorName = "Anonymous",
                Body = $"comment {i}",
                BodyHtml = $"<p>comment {i}</p>",
                // Every third comment shares the previous one's time, so ties are broken by id.
                CreatedAt = Start.AddSeconds(i % 3 == 0 ? i : i - 1),
            };
            if (parent is not null)
            {
                parent.ReplyCount++;
            }

            all.Add(comment);
        }

        db.Comments.AddRange(all);
        await db.SaveChangesAsync();
        return thread.Id;
    }
}
