using ForumApp.Features;
using ForumApp.Features.Threads;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Threads;

/// <summary>The thread list's keyset pages: pinned threads first (newest pin first), then newest activity, ties by id.</summary>
public sealed class ThreadListPagingTests : IAsyncLifetime
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private TestForum _forum = null!;
    private TestMember _author = null!;
    private TestMember _moderator = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync(_clock);
        _author = await _forum.AddMemberAsync("Author");
        _moderator = await _forum.AddModeratorAsync();
    }

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    [Fact]
    public async Task PagesWalkPinnedThenActiveThreadsWithTiesById()
    {
        // Three threads share one activity time, so only the id orders them.
        var tied = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            tied.Add((await _forum.StartThreadAsync(_author, $"Tied {i}")).Id);
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        var newest = (await _forum.StartThreadAsync(_author, "Newest thread")).Id;
        var pinnedFirst = (await _forum.StartThreadAsync(_author, "Pinned first")).Id;
        var pinnedLater = (await _forum.StartThreadAsync(_author, "Pinned later")).Id;
        TestForum.Succeeded(await _forum.ThreadModeration.PinThreadAsync(_moderator.Principal, pinnedFirst));
        _clock.Advance(TimeSpan.FromMinutes(1));
        TestForum.Succeeded(await _forum.ThreadModeration.PinThreadAsync(_moderator.Principal, pinnedLater));

        var walked = new List<long>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await _forum.Threads.ListPageAsync(null, 2, cursor);
            walked.AddRange(page.Items.Select(t => t.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        long[] expected = [pinnedLater, pinnedFirst, newest, tied[2], tied[1], tied[0]];
        Assert.Equal(expected, walked);
        Assert.Equal(3, pages);
        Assert.Equal(expected, (await _forum.Threads.ListAsync()).Select(t => t.Id));
        Assert.Equal([true, true, false, false, false, false], (await _forum.Threads.ListAsync()).Select(t => t.Pinned));
    }

    [Fact]
    public async Task ACursorStillLeadsOnAfterTheListChanged()
    {
        var first = (await _forum.StartThreadAsync(_author, "First thread")).Id;
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = (await _forum.StartThreadAsync(_author, "Second thread")).Id;
        _clock.Advance(TimeSpan.FromMinutes(1));
        var third = (await _forum.StartThreadAsync(_author, "Third thread")).Id;

        var top = await _forum.Threads.ListPageAsync(null, 1, null);
        Assert.Equal([third], top.Items.Select(t => t.Id));

        // A new thread arrives above the cursor: the next pages neither repeat nor skip what was below it.
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _forum.StartThreadAsync(_author, "Arrived meanwhile");
        var rest = await _forum.Threads.ListPageAsync(null, 5, top.NextCursor);

        Assert.Equal([second, first], rest.Items.Select(t => t.Id));
        Assert.Null(rest.NextCursor);
    }

    [Theory]
    [InlineData(0, null, "limit")]
    [InlineData(101, null, "limit")]
    [InlineData(10, "not-a-cursor", "cursor")]
    [InlineData(10, "eDE.MQ", "cursor")]
    public async Task ABadLimitOrCursorIsRefusedByField(int limit, string? cursor, string field)
    {
        var refused = await Assert.ThrowsAsync<InvalidReadException>(() => _forum.Threads.ListPageAsync(null, limit, cursor));

        Assert.Equal(field, refused.Field);
    }
}
