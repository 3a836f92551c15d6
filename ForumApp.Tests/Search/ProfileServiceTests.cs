using ForumApp.Data;
using ForumApp.Features.Profiles;
using ForumApp.Features.Threads;
using Microsoft.EntityFrameworkCore;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Search;

/// <summary>Profiles on a real SQLite database: what counts, what is listed, and how names are found.</summary>
public sealed class ProfileServiceTests : IAsyncLifetime
{
    private TestForum _forum = null!;
    private ProfileService _profiles = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync();
        _profiles = new ProfileService(_forum.DbFactory);
    }

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    private async Task SetScoreAsync(long commentId, int score)
    {
        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        await db.Comments.Where(c => c.Id == commentId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Score, score));
    }

    [Fact]
    public async Task CountsAndScoreLeaveOutDeletedAndRemovedCommentsAndRemovedThreads()
    {
        var member = await _forum.AddMemberAsync("Counted Member");
        var moderator = await _forum.AddModeratorAsync();
        var kept = await _forum.StartThreadAsync(member, "A kept thread");
        var removedThread = await _forum.StartThreadAsync(member, "A removed thread");
        var visible = await _forum.PostAsync(member, kept.Id, "visible");
        var deleted = await _forum.PostAsync(member, kept.Id, "deleted");
        var removed = await _forum.PostAsync(member, kept.Id, "removed");
        var inRemovedThread = await _forum.PostAsync(member, removedThread.Id, "in a removed thread");
        await SetScoreAsync(visible.Id, 5);
        await SetScoreAsync(deleted.Id, 7);
        await SetScoreAsync(removed.Id, 11);
        await SetScoreAsync(inRemovedThread.Id, 13);
        Succeeded(await _forum.Comments.DeleteAsync(member.Principal, kept.Id, deleted.Id));
        Succeeded(await _forum.CommentModeration.RemoveCommentAsync(moderator.Principal, removed.Id, "rude", includeReplies: false));
        Succeeded(await _forum.ThreadModeration.SetThreadRemovedAsync(moderator.Principal, removedThread.Id, removed: true, "spam"));

        var profile = await _profiles.GetAsync("Counted Member");

        Assert.Equal(new ProfileView(member.Id, "Counted Member", profile!.CreatedAt, 1, 5, 1), profile);
        var listed = (await _profiles.GetCommentsAsync("Counted Member", null, null))!.Items;
        Assert.Equal([visible.Id], listed.Select(c => c.Comment.Id));
        Assert.Equal("A kept thread", listed[0].ThreadTitle);
    }

    [Fact]
    public async Task NamesAreFoundAsRegistrationComparesThemAndUnknownOnesAreNot()
    {
        var member = await _forum.AddMemberAsync("Zoë Ñandú");

        Assert.Equal(member.Id, (await _profiles.GetAsync("Zoë Ñandú"))?.Id);
        Assert.Equal(member.Id, (await _profiles.GetAsync("zoë ñandú"))?.Id);
        Assert.Null(await _profiles.GetAsync("Somebody Else"));
        Assert.Null(await _profiles.GetAsync(""));
        Assert.Null(await _profiles.GetCommentsAsync("Somebody Else", null, null));
    }

    [Fact]
    public async Task CommentsComeNewestFirstAPageAtATime()
    {
        var clock = new TestClock(new DateTimeOffset(2031, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var forum = await TestForum.CreateEmptyAsync(clock);
        var profiles = new ProfileService(forum.DbFactory);
        var member = await forum.AddMemberAsync("Paged Member");
        var threadId = await forum.AddThreadAsync();
        var posted = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            posted.Add((await forum.PostAsync(member, threadId, $"comment {i}")).Id);
            clock.Advance(TimeSpan.FromSeconds(i % 2)); // some share a time: the id orders those
        }

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = (await profiles.GetCommentsAsync("Paged Member", 3, cursor))!;
            seen.AddRange(page.Items.Select(c => c.Comment.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        posted.Reverse();
        Assert.Equal(posted, seen);
        await Assert.ThrowsAsync<InvalidReadException>(() => profiles.GetCommentsAsync("Paged Member", 3, "garbage"));
        await Assert.ThrowsAsync<InvalidReadException>(() => profiles.GetCommentsAsync("Paged Member", 0, null));
    }

    [Fact]
    public void TheProfileAddressEscapesTheName() =>
        Assert.Equal("/u/Zo%C3%AB%20%C3%91and%C3%BA%3F", ProfileService.UrlOf("Zoë Ñandú?"));
}
