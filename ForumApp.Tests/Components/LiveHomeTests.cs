using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Features.Threads;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Components;

/// <summary>The home list follows the forum through the real bus, without a reload.</summary>
public sealed class LiveHomeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestClock _clock = new(_start);
    private TestForum _forum = null!;
    private BunitContext _context = null!;
    private Bunit.TestDoubles.BunitAuthorizationContext _authorization = null!;
    private TestMember _author = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync(_clock);
        _context = BunitSetup.CreateContext(_forum, out _authorization);
        _author = await _forum.AddMemberAsync("Ada");
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task ANewThreadAppearsAndANewCommentBumpsItsCount()
    {
        var home = _context.Render<Home>();
        home.WaitForAssertion(() => Assert.NotNull(home.Find("[data-testid='no-threads']")));

        var started = await _forum.StartThreadAsync(_author, "Fresh off the press");

        home.WaitForAssertion(() => Assert.Equal("Fresh off the press", home.Find($"[data-thread-id='{started.Id}'] a.thread-link").TextContent.Trim()));
        Assert.Equal("0 comments", home.Find($"[data-thread-id='{started.Id}'] .comment-count").TextContent.Trim());

        // The feed reads at most once per interval; the comment lands in the next read.
        await _forum.PostAsync(_author, started.Id, "First!");
        _clock.Advance(ThreadListFeed.Interval);

        home.WaitForAssertion(() => Assert.Equal("1 comment", home.Find($"[data-thread-id='{started.Id}'] .comment-count").TextContent.Trim()));
    }

    [Fact]
    public async Task ARemovedThreadLeavesAndTheMostRecentlyActiveComesFirst()
    {
        var older = await _forum.StartThreadAsync(_author, "Older thread");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await _forum.StartThreadAsync(_author, "Newer thread");
        var home = _context.Render<Home>();
        home.WaitForAssertion(() => Assert.Equal([newer.Id, older.Id], ThreadIds(home)));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await _forum.PostAsync(_author, older.Id, "Back to this one");
        home.WaitForAssertion(() => Assert.Equal([older.Id, newer.Id], ThreadIds(home)));

        var moderator = await _forum.AddModeratorAsync();
        TestForum.Succeeded(await _forum.ThreadModeration.SetThreadRemovedAsync(moderator.Principal, newer.Id, removed: true, "Spam"));

        await ShowsAsync(home, [older.Id]);
    }

    [Fact]
    public async Task APinMovesAThreadToTheTopAndAnUnpinMovesItBack()
    {
        var older = await _forum.StartThreadAsync(_author, "Older thread");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await _forum.StartThreadAsync(_author, "Newer thread");
        var home = _context.Render<Home>();
        home.WaitForAssertion(() => Assert.Equal([newer.Id, older.Id], ThreadIds(home)));
        Assert.Empty(home.FindAll("[data-testid='pinned']"));

        var moderator = await _forum.AddModeratorAsync();
        TestForum.Succeeded(await _forum.ThreadModeration.PinThreadAsync(moderator.Principal, older.Id));

        home.WaitForAssertion(() => Assert.Equal([older.Id, newer.Id], ThreadIds(home)));
        Assert.Contains("Pinned", home.Find($"[data-thread-id='{older.Id}'] [data-testid='pinned']").TextContent, StringComparison.Ordinal);

        TestForum.Succeeded(await _forum.ThreadModeration.UnpinThreadAsync(moderator.Principal, older.Id));

        await ShowsAsync(home, [newer.Id, older.Id]);
        Assert.Empty(home.FindAll("[data-testid='pinned']"));
    }

    [Fact]
    public async Task LoadMoreShowsTheNextThreadsAndASignedInMemberSeesUnreadCounts()
    {
        var reader = await _forum.AddMemberAsync("Reader");
        var threads = new List<long>();
        for (var i = 0; i <= Home.PageSize; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            threads.Add((await _forum.StartThreadAsync(_author, $"Thread number {i}")).Id);
        }

        await _forum.PostAsync(_author, threads[0], "unread in the oldest thread");
        await _forum.PostAsync(_author, threads[0], "and another");
        _authorization.SignIn(reader);
        var home = _context.Render<Home>();
        home.WaitForAssertion(() => Assert.Equal(Home.PageSize, ThreadIds(home).Length));
        var firstPage = ThreadIds(home);

        home.Find("[data-testid='load-more-threads']").Click();

        home.WaitForAssertion(() => Assert.Equal(Home.PageSize + 1, ThreadIds(home).Length));
        Assert.Equal(firstPage, ThreadIds(home).Take(Home.PageSize));
        Assert.Empty(home.FindAll("[data-testid='load-more-threads']"));
        Assert.Equal("2 new", Assert.Single(home.FindAll("[data-testid='unread']")).TextContent.Trim());
    }

    // The feed pauses between reads on the test's clock, and may not have begun its pause when the change is
    // made: the clock moves on at each look until the list shows the change.
    private Task ShowsAsync(IRenderedComponent<Home> home, long[] expected) => Eventually.Assert(() =>
    {
        _clock.Advance(ThreadListFeed.Interval);
        Assert.Equal(expected, ThreadIds(home));
    }, null, "the home list follows the change");

    private static long[] ThreadIds(IRenderedComponent<Home> home) =>
        home.FindAll(".thread-row").Select(row => long.Parse(row.GetAttribute("data-thread-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
