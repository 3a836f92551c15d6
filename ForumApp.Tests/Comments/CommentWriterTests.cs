using System.Collections.Concurrent;
using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using ForumApp.Realtime;
using static ForumApp.Tests.TestInfrastructure.ForumResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ForumApp.Tests.Comments;

/// <summary>
/// Comments stored in groups: many posters at once on a real SQLite file, and batches made on purpose by
/// holding the database's write gate while comments queue, so that good and bad comments share a transaction.
/// </summary>
public sealed class CommentWriterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _start = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly TestClock _clock = new(_start);
    private readonly ForumEventBus _bus = ServiceGraph.Bus();
    private readonly PostingLimits _limits = ServiceGraph.Limits(new PostingLimitOptions { CommentsPerMinute = 100_000, NewAccountCommentsPerMinute = 100_000 });
    private SqliteTestDatabase _database = null!;
    private CommentService _comments = null!;
    private CommentWriter _writer = null!;
    private int _memberCount;

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        _writer = ServiceGraph.Writer(_database, _limits, _bus, _clock);
        _comments = ServiceGraph.Comments(_database, ServiceGraph.Renderer(), _limits, _bus, _clock, _writer);
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        _comments.Dispose();
        _limits.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TwentyConcurrentPostersStoreEveryAcknowledgedCommentOnceWithGaplessSequence()
    {
        const int posters = 20;
        const int postsEach = 10;
        var threadId = await CreateThreadAsync();
        var members = new List<ClaimsPrincipal>();
        for (var i = 0; i < posters; i++)
        {
            members.Add(await CreateMemberAsync());
        }

        var published = new ConcurrentQueue<ThreadEventView>();
        using var subscription = _bus.SubscribeThread(threadId, e =>
        {
            published.Enqueue(e);
            return Task.CompletedTask;
        });

        // Replies go to comments already acknowledged, as a client can only answer what it has seen.
        var acknowledged = new ConcurrentBag<PostedComment>();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = members.Select((member, index) => Task.Run(async () =>
        {
            await go.Task;
            var random = new Random(index);
            for (var i = 0; i < postsEach; i++)
            {
                var known = acknowledged.ToArray();
                long? parentId = known.Length > 0 && random.Next(3) > 0 ? known[random.Next(known.Length)].Comment.Id : null;
                var result = await _comments.PostAsync(member, threadId, parentId, $"poster {index}, comment {i}", $"p{index}-c{i}");
                Assert.True(result.Succeeded, $"post failed: {result.Error}");
                Assert.False(result.Value!.Replayed);
                acknowledged.Add(result.Value!);
            }
        })).ToList();
        go.SetResult();
        await Task.WhenAll(runs);

        await using var db = _database.CreateDbContext();
        var stored = await db.Comments.AsNoTracking().Where(c => c.ThreadId == threadId).ToListAsync();
        var events = await db.ThreadEvents.AsNoTracking().Where(e => e.ThreadId == threadId).OrderBy(e => e.Seq).ToListAsync();
        var thread = await db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId);

        var acked = acknowledged.ToList();
        Assert.Equal(posters * postsEach, acked.Count);
        Assert.Equal(acked.Select(a => a.Comment.Id).Order(), stored.Select(c => c.Id).Order());

        // One posted event per comment, numbered 1..N without gaps, each as acknowledged to its poster.
        Assert.Equal(Enumerable.Range(1, acked.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.All(events, e => Assert.Equal(ThreadEventKind.Posted, e.Kind));
        Assert.Equal(acked.ToDictionary(a => a.Comment.Id, a => a.Seq), events.ToDictionary(e => e.CommentId!.Value, e => e.Seq));
        Assert.Equal((acked.Count, (long)acked.Count), (thread.CommentCount, thread.LastSeq));

        // Parents count their replies, and replies sit one level below their parent.
        var byId = stored.ToDictionary(c => c.Id);
        Assert.All(stored, c => Assert.Equal(stored.Count(r => r.ParentId == c.Id), c.ReplyCount));
        Assert.All(stored, c => Assert.Equal(c.ParentId is { } p ? byId[p].Depth + 1 : 0, c.Depth));
        Assert.Contains(stored, c => c.ParentId is not null);

        // Every comment was published once, in sequence order.
        Assert.Equal(events.Select(e => e.Seq), published.Select(e => e.Seq));
        Assert.Equal(events.Select(e => e.CommentId), published.Select(e => (long?)e.Comment!.Id));
    }

    [Fact]
    public async Task BadCommentsInABatchGetTheirOwnErrorsAndTheOthersAreStored()
    {
        var threadId = await CreateThreadAsync();
        var otherThreadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var bob = await CreateMemberAsync();
        var parent = Succeeded(await _comments.PostAsync(alice, threadId, null, "a parent", null));
        var elsewhere = Succeeded(await _comments.PostAsync(bob, otherThreadId, null, "elsewhere", "bob-used"));
        var deleted = Succeeded(await _comments.PostAsync(bob, threadId, null, "soon deleted", null));
        Succeeded(await _comments.DeleteAsync(bob, threadId, deleted.Comment.Id));

        List<Task<ForumResult<PostedComment>>> posts;
        await using (await HoldWriteLockAsync())
        {
            posts =
            [
                _comments.PostAsync(alice, threadId, null, "good 1", "alice-1"),
                _comments.PostAsync(bob, threadId, 424_242, "reply to nothing", null),
                _comments.PostAsync(alice, threadId, parent.Comment.Id, "good 2, a reply", null),
                _comments.PostAsync(alice, threadId, null, "the same request again", "alice-1"),
                _comments.PostAsync(bob, threadId, elsewhere.Comment.Id, "reply across threads", null),
                _comments.PostAsync(bob, threadId, null, "request id of another thread", "bob-used"),
                _comments.PostAsync(bob, threadId, deleted.Comment.Id, "reply to a deleted comment", null),
                _comments.PostAsync(alice, otherThreadId, null, "request id reused in another thread", "alice-1"),
                _comments.PostAsync(bob, threadId, parent.Comment.Id, "good 3, a reply", null),
            ];
        }

        var results = await Task.WhenAll(posts);

        var good1 = Succeeded(results[0]);
        AssertError(results[1], ForumErrorKind.Invalid, "parentId");
        var good2 = Succeeded(results[2]);
        var again = Succeeded(results[3]);
        AssertError(results[4], ForumErrorKind.Invalid, "parentId");
        AssertError(results[5], ForumErrorKind.Conflict);
        AssertError(results[6], ForumErrorKind.Conflict);
        AssertError(results[7], ForumErrorKind.Conflict);
        var good3 = Succeeded(results[8]);

        Assert.True(again.Replayed);
        Assert.Equal((good1.Comment.Id, good1.Seq, "good 1"), (again.Comment.Id, again.Seq, again.Comment.Body));
        Assert.Equal([parent.Seq + 3, parent.Seq + 4, parent.Seq + 5], new[] { good1.Seq, good2.Seq, good3.Seq });

        await using var db = _database.CreateDbContext();
        var stored = await db.Comments.AsNoTracking().Where(c => c.ThreadId == threadId).OrderBy(c => c.Id).Select(c => c.Body).ToListAsync();
        Assert.Equal(["a parent", "soon deleted", "good 1", "good 2, a reply", "good 3, a reply"], stored);
        Assert.Equal(2, (await db.Comments.SingleAsync(c => c.Id == parent.Comment.Id)).ReplyCount);
        Assert.Equal(0, (await db.Comments.SingleAsync(c => c.Id == elsewhere.Comment.Id)).ReplyCount);
        var thread = await db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId);
        Assert.Equal((4, good3.Seq), (thread.CommentCount, thread.LastSeq));
        Assert.Equal(1, await db.Comments.CountAsync(c => c.ThreadId == otherThreadId));
    }

    [Fact]
    public async Task ThreadLockedWhileCommentsQueueRefusesThem()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        Succeeded(await _comments.PostAsync(alice, threadId, null, "before the lock", null));

        List<Task<ForumResult<PostedComment>>> posts;
        await using (var held = await HoldWriteLockAsync())
        {
            posts = Enumerable.Range(0, 5).Select(i => _comments.PostAsync(alice, threadId, null, $"during the lock {i}", null)).ToList();
            await held.Db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Locked, true));
            await held.CommitAsync();
        }

        foreach (var result in await Task.WhenAll(posts))
        {
            var error = AssertError(result, ForumErrorKind.Conflict);
            Assert.Contains("locked", error.Message, StringComparison.OrdinalIgnoreCase);
        }

        await using var db = _database.CreateDbContext();
        Assert.Equal(1, await db.Comments.CountAsync(c => c.ThreadId == threadId));
        Assert.Equal(1, (await db.Threads.SingleAsync(t => t.Id == threadId)).LastSeq);
    }

    [Fact]
    public async Task MemberSuspendedWhileTheirCommentsQueueIsRefusedAndOthersAreStored()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var bob = await CreateMemberAsync();
        Succeeded(await _comments.PostAsync(alice, threadId, null, "alice was here", null));
        Succeeded(await _comments.PostAsync(bob, threadId, null, "bob was here", null));

        Task<ForumResult<PostedComment>> fromAlice, fromBob;
        await using (var held = await HoldWriteLockAsync())
        {
            fromAlice = _comments.PostAsync(alice, threadId, null, "just before the suspension", null);
            fromBob = _comments.PostAsync(bob, threadId, null, "bob again", null);
            var aliceId = ForumApp.Features.Accounts.ForumActor.IdOf(alice);
            await held.Db.Users.Where(u => u.Id == aliceId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SuspendedUntil, _start.UtcDateTime.AddDays(1)));
            await held.CommitAsync();
        }

        AssertError(await fromAlice, ForumErrorKind.Forbidden);
        Assert.Equal("bob again", Succeeded(await fromBob).Comment.Body);
    }

    [Fact]
    public async Task BatchThatFailsIsStoredCommentByCommentAndOnlyTheCulpritFails()
    {
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        Succeeded(await _comments.PostAsync(alice, threadId, null, "warm", null));
        await using (var db = _database.CreateDbContext())
        {
            // A constraint no check in the writer knows about, so only the database can refuse the comment.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON Comments WHEN NEW.Body = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END;");
        }

        List<Task<ForumResult<PostedComment>>> posts;
        await using (await HoldWriteLockAsync())
        {
            posts =
            [
                _comments.PostAsync(alice, threadId, null, "fine 1", null),
                _comments.PostAsync(alice, threadId, null, "fine 2", null),
                _comments.PostAsync(alice, threadId, null, "poison", null),
                _comments.PostAsync(alice, threadId, null, "fine 3", null),
            ];
        }

        Assert.Equal("fine 1", Succeeded(await posts[0]).Comment.Body);
        Assert.Equal("fine 2", Succeeded(await posts[1]).Comment.Body);
        await Assert.ThrowsAsync<DbUpdateException>(() => posts[2]);
        Assert.Equal("fine 3", Succeeded(await posts[3]).Comment.Body);

        await using var check = _database.CreateDbContext();
        var events = await check.ThreadEvents.AsNoTracking().Where(e => e.ThreadId == threadId).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
        Assert.Equal([1L, 2, 3, 4], events);
        var thread = await check.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId);
        Assert.Equal((4, 4L), (thread.CommentCount, thread.LastSeq));
    }

    // ---- Helpers ----

    /// <summary>
    /// Takes the database's write gate as any writer does, so comments posted meanwhile queue up and are
    /// stored together once it is released. Members must have posted once before, so their posts reach
    /// the queue without reading the database first.
    /// </summary>
    private async Task<HeldWriteLock> HoldWriteLockAsync()
    {
        var db = _database.CreateDbContext();
        return new HeldWriteLock(db, await db.Database.BeginWriteTransactionAsync());
    }

    private sealed class HeldWriteLock(ForumDbContext db, IDbContextTransaction transaction) : IAsyncDisposable
    {
        public ForumDbContext Db => db;

        public Task CommitAsync() => transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await db.DisposeAsync();
        }
    }

    private Task<long> CreateThreadAsync() => _database.AddThreadAsync(_start.UtcDateTime, "A busy thread");

    private async Task<ClaimsPrincipal> CreateMemberAsync()
    {
        var user = await _database.AddMemberAsync($"Writer {Interlocked.Increment(ref _memberCount)}", _start.UtcDateTime.AddDays(-30));
        return ForumRows.PrincipalOf(user.Id);
    }
}
