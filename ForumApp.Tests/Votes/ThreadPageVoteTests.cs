using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Features.Votes;
using ForumApp.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Votes;

/// <summary>Voting on the thread page: at once, taken back when refused, others' votes in place, the reader's own marked.</summary>
public sealed class ThreadPageVoteTests : ThreadPageLiveTest
{
    [Fact]
    public async Task AVoteShowsAtOnceAndPressingItAgainWithdrawsIt()
    {
        Authorization.SignIn(Reader);
        var target = await SeedConversationAsync(1);
        var page = RenderLive(Forum.SeedThreadId);

        page.Find($"#c{target.Id} [data-testid='upvote']").Click();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find($"#c{target.Id} [data-testid='upvote']").GetAttribute("aria-pressed")));
        Assert.Equal("1", page.Find($"#c{target.Id} [data-testid='score']").TextContent);
        Assert.Equal(1, (await Forum.Votes.MyVotesAsync(Reader.Principal, [target.Id]))[target.Id]);

        page.Find($"#c{target.Id} [data-testid='upvote']").Click();

        page.WaitForAssertion(() => Assert.Equal("false", page.Find($"#c{target.Id} [data-testid='upvote']").GetAttribute("aria-pressed")));
        Assert.Equal("0", page.Find($"#c{target.Id} [data-testid='score']").TextContent);
        Assert.Empty(await Forum.Votes.MyVotesAsync(Reader.Principal, [target.Id]));
    }

    [Fact]
    public async Task ARefusedVoteIsTakenBackWithAClearMessage()
    {
        Authorization.SignIn(Reader);
        var target = await SeedConversationAsync(0);
        var page = RenderLive(Forum.SeedThreadId);

        // Locked behind the page's back (no event), so the page still offers the buttons and the service refuses.
        await Forum.DbFactory.SetThreadLockedAsync(Forum.SeedThreadId);
        page.Find($"#c{target.Id} [data-testid='downvote']").Click();

        var snackbar = Context.Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message != null && s.Message.Contains("This thread is locked.", StringComparison.Ordinal)));
        Assert.Equal("false", page.Find($"#c{target.Id} [data-testid='downvote']").GetAttribute("aria-pressed"));
        Assert.Equal("0", page.Find($"#c{target.Id} [data-testid='score']").TextContent);
    }

    [Fact]
    public async Task OthersVotesChangeTheScoreInPlaceWithoutMovingAnything()
    {
        var target = await SeedConversationAsync(2);
        var page = RenderLive(Forum.SeedThreadId);
        var order = DisplayedIds(page);

        Succeeded(await Forum.Votes.VoteAsync(Writer.Principal, target.Id, 1));
        Succeeded(await Forum.Votes.VoteAsync(Reader.Principal, target.Id, 1));
        Assert.Equal("0", page.Find($"#c{target.Id} [data-testid='score']").TextContent);

        // Scores go out once per batch period, on the forum's clock.
        Clock.Advance(ScoreBatcher.Every);

        page.WaitForAssertion(() => Assert.Equal("2", page.Find($"#c{target.Id} [data-testid='score']").TextContent));
        Assert.Equal(order, DisplayedIds(page));
    }

    [Fact]
    public async Task TheReadersOwnVotesAreMarkedWhenThePageOpens()
    {
        var up = await SeedConversationAsync(0);
        var down = await SeedConversationAsync(3);
        Succeeded(await Forum.Votes.VoteAsync(Reader.Principal, up.Id, 1));
        Succeeded(await Forum.Votes.VoteAsync(Reader.Principal, down.Id, -1));
        Authorization.SignIn(Reader);

        var page = RenderLive(Forum.SeedThreadId);

        Assert.Equal("true", page.Find($"#c{up.Id} [data-testid='upvote']").GetAttribute("aria-pressed"));
        Assert.Equal("true", page.Find($"#c{down.Id} [data-testid='downvote']").GetAttribute("aria-pressed"));
        Assert.Single(page.FindAll("[data-testid='upvote'][aria-pressed='true']"));
        Assert.Equal("-1", page.Find($"#c{down.Id} [data-testid='score']").TextContent);
    }
}
