using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Threads;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Threads;

/// <summary>Read marks and the unread counts they give, on a real SQLite database.</summary>
public sealed class ReadMarkTests : IAsyncLifetime
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private TestForum _forum = null!;
    private TestMember _reader = null!;
    private TestMember _writer = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync(_clock);
        _reader = await _forum.AddMemberAsync("Reader");
        _writer = await _forum.AddMemberAsync("Writer");
    }

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    [Fact]
    public async Task AMarkOnlyMovesForward()
    {
        var threadId = (await _forum.StartThreadAsync(_writer)).Id;
        for (var i = 0; i < 5; i++)
        {
            await _forum.PostAsync(_writer, threadId, $"comment {i}");
        }

        TestForum.Succeeded(await _forum.Reading.MarkReadAsync(_reader.Principal, threadId, 4));
        TestForum.Succeeded(await _forum.Reading.MarkReadAsync(_reader.Principal, threadId, 2));

        Assert.Equal(4, await MarkAsync(threadId));
        Assert.Equal(1, await UnreadAsync(threadId));

        TestForum.Succeeded(await _forum.Reading.MarkReadAsync(_reader.Principal, threadId, 5));
        Assert.Equal(5, await MarkAsync(threadId));
        Assert.Equal(0, await UnreadAsync(threadId));
    }

    [Fact]
    public async Task ConcurrentMarksKeepTheHighest()
    {
        var threadId = (await _forum.StartThreadAsync(_writer)).Id;
        for (var i = 0; i < 20; i++)
        {
            await _forum.PostAsync(_writer, threadId, $"comment {i}");
        }

        // Many tabs reporting at once, in no particular order, the first of them racing to create the row.
        var seqs = Enumerable.Range(1, 20).Reverse().Concat(Enumerable.Range(1, 20)).ToList();
        var results = await Task.WhenAll(seqs.Select(seq => Task.Run(() => _forum.Reading.MarkReadAsync(_reader.Principal, threadId, seq))));

        Assert.All(results, result => Assert.Null(result.Error));
        Assert.Equal(20, await MarkAsync(threadId));
        Assert.Equal(1, await ReadAsync(db => db.ReadMarks.CountAsync()));
    }

    [Fact]
    public async Task UnreadCountsLeaveOutOwnAndDeletedComments()
    {
        var threadId = (await _forum.StartThreadAsync(_writer)).Id;
        await _forum.PostAsync(_writer, threadId, "read before");
        TestForum.Succeeded(await _forum.Reading.MarkReadAsync(_reader.Principal, threadId, 1));

        await _forum.PostAsync(_reader, threadId, "my own reply");
        var deleted = await _forum.PostAsync(_writer, threadId, "soon deleted");
        await _forum.PostAsync(_writer, threadId, "new one");
        var removed = await _forum.PostAsync(_writer, threadId, "soon removed");
        TestForum.Succeeded(await _forum.Comments.DeleteAsync(_writer.Principal, threadId, deleted.Id));
        var moderator = await _forum.AddModeratorAsync();
        TestForum.Succeeded(await _forum.CommentModeration.RemoveCommentAsync(moderator.Principal, removed.Id, "Off topic", includeReplies: false));

        Assert.Equal(1, await UnreadAsync(threadId));
        var start = await _forum.Reading.StartReadingAsync(_reader.Principal, threadId);
        Assert.Equal(1, start!.Mark);
        Assert.Equal(["new one"], await BodiesAsync(start.NewComments.Select(c => c.CommentId)));

        // The writer never counts their own comments, and a thread never opened counts all of the others'.
        Assert.Equal(1, (await _forum.Reading.CountUnreadAsync(_writer.Principal, [threadId])).GetValueOrDefault(threadId));
    }

    [Fact]
    public async Task UnreadCountsForAPageComeFromOneReadPerThreadList()
    {
        var quiet = (await _forum.StartThreadAsync(_writer, "Quiet thread")).Id;
        var busy = (await _forum.StartThreadAsync(_writer, "Busy thread")).Id;
        await _forum.PostAsync(_writer, busy, "one");
        await _forum.PostAsync(_writer, busy, "two");
        await _forum.PostAsync(_writer, quiet, "three");
        TestForum.Succeeded(await _forum.Reading.MarkReadAsync(_reader.Principal, quiet, 1));

        var page = await _forum.Threads.ListPageAsync(_reader.Principal, 10, null);
        var anonymous = await _forum.Threads.ListPageAsync(null, 10, null);

        Assert.Equal([(busy, (int?)2), (quiet, 0)], page.Items.Select(t => (t.Id, t.UnreadCount)));
        Assert.All(anonymous.Items, t => Assert.Null(t.UnreadCount));
    }

    [Fact]
    public async Task AMarkMustBeWithinTheThreadAndNeedsAMember()
    {
        var threadId = (await _forum.StartThreadAsync(_writer)).Id;
        await _forum.PostAsync(_writer, threadId, "only one");

        Assert.Equal(ForumErrorKind.Invalid, (await _forum.Reading.MarkReadAsync(_reader.Principal, threadId, 2)).Error?.Kind);
        Assert.Equal(ForumErrorKind.Invalid, (await _forum.Reading.MarkReadAsync(_reader.Principal, threadId, -1)).Error?.Kind);
        Assert.Equal(ForumErrorKind.NotFound, (await _forum.Reading.MarkReadAsync(_reader.Principal, threadId + 100, 0)).Error?.Kind);
        Assert.Equal(ForumErrorKind.Unauthenticated, (await _forum.Reading.MarkReadAsync(null, threadId, 1)).Error?.Kind);
        Assert.Equal(0, await ReadAsync(db => db.ReadMarks.CountAsync()));
    }

    [Fact]
    public async Task SeenCommentsMoveTheMarkToTheNewestOfThem()
    {
        var threadId = (await _forum.StartThreadAsync(_writer)).Id;
        var first = await _forum.PostAsync(_writer, threadId, "first");
        var second = await _forum.PostAsync(_writer, threadId, "second");
        await _forum.PostAsync(_writer, threadId, "third");

        TestForum.Succeeded(await _forum.Reading.MarkCommentsReadAsync(_reader.Principal, threadId, 0, [second.Id, first.Id]));

        Assert.Equal(2, await MarkAsync(threadId));
        Assert.Equal(1, await UnreadAsync(threadId));
    }

    private async Task<T> ReadAsync<T>(Func<ForumDbContext, Task<T>> read)
    {
        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        return await read(db);
    }

    private Task<long> MarkAsync(long threadId) => ReadAsync(db =>
        db.ReadMarks.Where(m => m.UserId == _reader.Id && m.ThreadId == threadId).Select(m => m.Seq).SingleAsync());

    private async Task<int> UnreadAsync(long threadId) =>
        (await _forum.Reading.CountUnreadAsync(_reader.Principal, [threadId])).GetValueOrDefault(threadId);

    private Task<List<string?>> BodiesAsync(IEnumerable<long> ids)
    {
        var wanted = ids.ToList();
        return ReadAsync(db => db.Comments.Where(c => wanted.Contains(c.Id)).OrderBy(c => c.Id).Select(c => (string?)c.Body).ToListAsync());
    }
}
