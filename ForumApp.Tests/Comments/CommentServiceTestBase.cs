using System.Collections.Concurrent;
using AngleSharp.Html.Parser;
using ForumApp.Data;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Comments;

/// <summary>
/// What the <see cref="CommentService"/> test classes share: an empty test forum on a real migrated SQLite file, with a
/// clock the tests move by hand, and the reads that show what a call wrote.
/// </summary>
public abstract class CommentServiceTestBase : IAsyncLifetime
{
    protected static readonly DateTimeOffset _start = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
    protected static readonly DateTime _startUtc = _start.UtcDateTime;

    protected readonly TestClock _clock = new(_start);
    protected CommentService _comments = null!;

    private readonly List<IDisposable> _subscriptions = [];
    private TestForum _forum = null!;
    private int _memberCount;

    /// <summary>What a write can change about a thread; equal snapshots mean nothing was written.</summary>
    protected sealed record ThreadState(int StoredComments, int Events, int CommentCount, long LastSeq, DateTime LastActivityAt);

    protected ForumEventBus Bus => _forum.Bus;

    protected SqliteTestDatabase Database => _forum.Database;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync(_clock);
        _comments = _forum.Comments;
    }

    public async Task DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        await _forum.DisposeAsync();
    }

    protected CommentService NewCommentService(PostingLimitOptions limitOptions) => _forum.CommentsWith(limitOptions);

    protected async Task<IReadOnlyList<CommentView>> ReadThreadAsync(long threadId)
    {
        var thread = await _forum.Threads.GetAsync(threadId, CommentPage.Everything);
        Assert.NotNull(thread);
        return thread.Comments;
    }

    /// <summary>Everything the bus announces for a thread from now until the test ends.</summary>
    protected ConcurrentQueue<ThreadEventView> CapturePublished(long threadId)
    {
        var published = new ConcurrentQueue<ThreadEventView>();
        _subscriptions.Add(Bus.SubscribeThread(threadId, e =>
        {
            published.Enqueue(e);
            return Task.CompletedTask;
        }));
        return published;
    }

    /// <summary>A member of a month's standing (unless <paramref name="createdAt"/> says otherwise).</summary>
    protected Task<TestMember> CreateMemberAsync(DateTime? createdAt = null, DateTime? suspendedUntil = null) =>
        _forum.AddMemberAsync($"Member {Interlocked.Increment(ref _memberCount)}", createdAt ?? _startUtc.AddDays(-30), suspendedUntil);

    protected Task<long> CreateThreadAsync(bool locked = false, bool removed = false) =>
        Database.AddThreadAsync(_startUtc, "A thread to comment on", locked, removed);

    protected Task LockThreadAsync(long threadId) => Database.SetThreadLockedAsync(threadId);

    protected async Task<ThreadState> ThreadStateAsync(long threadId)
    {
        await using var db = Database.CreateDbContext();
        var thread = await db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId);
        return new ThreadState(
            await db.Comments.CountAsync(c => c.ThreadId == threadId),
            await db.ThreadEvents.CountAsync(e => e.ThreadId == threadId),
            thread.CommentCount,
            thread.LastSeq,
            thread.LastActivityAt);
    }

    protected async Task<int> CommentCountAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Comments.CountAsync();
    }

    protected async Task<Comment> StoredCommentAsync(long commentId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Comments.AsNoTracking().SingleAsync(c => c.Id == commentId);
    }

    protected async Task<List<ThreadEvent>> EventsAsync(long threadId)
    {
        await using var db = Database.CreateDbContext();
        return await db.ThreadEvents.AsNoTracking().Where(e => e.ThreadId == threadId).OrderBy(e => e.Seq).ToListAsync();
    }

    protected async Task<List<CommentRevision>> RevisionsAsync(long commentId)
    {
        await using var db = Database.CreateDbContext();
        return await db.CommentRevisions.AsNoTracking().Where(r => r.CommentId == commentId).OrderBy(r => r.ReplacedAt).ToListAsync();
    }

    protected async Task AssertUnchangedAsync(long commentId, string body)
    {
        var stored = await StoredCommentAsync(commentId);
        Assert.Equal((body, CommentState.Visible, (DateTime?)null), (stored.Body, stored.State, stored.EditedAt));
        Assert.Empty(await RevisionsAsync(commentId));
    }

    protected static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);
}
