using ForumApp.Features;
using ForumApp.Features.Profiles;
using Microsoft.EntityFrameworkCore;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Search;

/// <summary>The "@" autocomplete's names, on a real SQLite database.</summary>
public sealed class MentionSuggestionsTests : IAsyncLifetime
{
    private TestForum _forum = null!;
    private MentionSuggestions _suggestions = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateEmptyAsync();
        _suggestions = new MentionSuggestions(_forum.DbFactory, _forum.Clock);
    }

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    private async Task<List<string>> NamesAsync(string prefix, long? threadId = null, long? askingMemberId = null) =>
        [.. Succeeded(await _suggestions.SuggestAsync(prefix, threadId, askingMemberId)).Select(s => s.DisplayName)];

    [Fact]
    public async Task MembersWhoCommentedInTheThreadComeFirstMostRecentFirst()
    {
        var alpha = await _forum.AddMemberAsync("Sam Alpha");
        var beta = await _forum.AddMemberAsync("Sam Beta");
        await _forum.AddMemberAsync("Sam Aaron");
        var elsewhere = await _forum.AddMemberAsync("Sam Elsewhere");
        var thread = await _forum.AddThreadAsync();
        var other = await _forum.AddThreadAsync("Another thread");
        await _forum.PostAsync(beta, thread, "first");
        await _forum.PostAsync(alpha, thread, "second");
        await _forum.PostAsync(elsewhere, other, "somewhere else");

        Assert.Equal(["Sam Alpha", "Sam Beta", "Sam Aaron", "Sam Elsewhere"], await NamesAsync("sam", thread));

        await _forum.PostAsync(beta, thread, "third");
        Assert.Equal(["Sam Beta", "Sam Alpha", "Sam Aaron", "Sam Elsewhere"], await NamesAsync("sam", thread));
        Assert.Equal(["Sam Aaron", "Sam Alpha", "Sam Beta", "Sam Elsewhere"], await NamesAsync("sam"));
    }

    [Fact]
    public async Task ThePrefixIsComparedAsNamesAreIgnoringCaseAndSpaces()
    {
        await _forum.AddMemberAsync("Demo Moderator");
        await _forum.AddMemberAsync("Arnold Lane");
        await _forum.AddMemberAsync("Amy Pond");
        await _forum.AddMemberAsync("Zoë Ñandú");

        Assert.Equal(["Demo Moderator"], await NamesAsync("DEMOmod"));
        Assert.Equal(["Demo Moderator"], await NamesAsync("demo m"));
        Assert.Equal(["Zoë Ñandú"], await NamesAsync("zoË"));
        // The name's skeleton folds "rn" into "m": "Ar" still finds Arnold, and not Amy.
        Assert.Equal(["Arnold Lane"], await NamesAsync("Ar"));
        Assert.Equal(["Amy Pond"], await NamesAsync("Amy"));
        Assert.Empty(await NamesAsync("Nobody"));
        Assert.Equal("DemoModerator", new MentionSuggestion("Demo Moderator").Mention);
    }

    [Fact]
    public async Task AtMostEightAreOfferedAndNeverTheAskerSuspendedOrLockedOutMembers()
    {
        var members = new List<TestMember>();
        foreach (var letter in "JIHGFEDCBA")
        {
            members.Add(await _forum.AddMemberAsync($"Many {letter}"));
        }

        var now = _forum.Clock.GetUtcNow().UtcDateTime;
        await _forum.AddMemberAsync("Many Suspended", createdAt: null, suspendedUntil: now.AddDays(1));
        await _forum.AddMemberAsync("Many Was Suspended", createdAt: null, suspendedUntil: now.AddDays(-1));
        var lockedOut = await _forum.AddMemberAsync("Many Locked");
        await using (var db = await _forum.DbFactory.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == lockedOut.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, _forum.Clock.GetUtcNow().AddDays(1)));
        }

        Assert.Equal([.. "ABCDEFGH".Select(letter => $"Many {letter}")], await NamesAsync("many"));
        Assert.Equal(["Many Was Suspended"], await NamesAsync("many w"));
        Assert.Empty(await NamesAsync("many s"));
        Assert.Empty(await NamesAsync("many lo"));
        Assert.Equal("Many B", (await NamesAsync("many", askingMemberId: members[^1].Id))[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a@b")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefg")]
    public async Task APrefixThatCannotStartANameIsRefused(string prefix)
    {
        var refused = await _suggestions.SuggestAsync(prefix, threadId: null);

        AssertError(refused, ForumErrorKind.Invalid, "prefix");
    }
}
