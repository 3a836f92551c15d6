using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Tests.TestInfrastructure;
using MudBlazor;

namespace ForumApp.Tests.Components;

/// <summary>The thread page as the moderator's desk: one line per removed subtree, menus that fit, an Undo that knows when it is moot.</summary>
public sealed class ModeratorDeskThreadTests : ThreadPageLiveTest
{
    [Fact]
    public async Task ARemovedSubtreeShowsOneLineWithItsCountAndReason()
    {
        var moderator = await Forum.AddModeratorAsync();
        var root = await SeedConversationAsync(2);
        var page = RenderLive(Forum.SeedThreadId);
        var replyIds = page.FindAll($"[data-comment-id][data-parent-id='{root.Id}']").Select(IdOf).ToList();
        Assert.Equal(3, replyIds.Count);

        TestForum.Succeeded(await Forum.CommentModeration.RemoveCommentAsync(moderator.Principal, root.Id, "Off topic", includeReplies: true));

        page.WaitForAssertion(() => Assert.Equal("4 comments removed by a moderator: Off topic",
            Normalized(page.Find($"#c{root.Id}[data-testid='removed-subtree'] [data-testid='tombstone']").TextContent)));
        Assert.Single(page.FindAll(".tombstone .reason"));
        Assert.DoesNotContain(DisplayedIds(page), replyIds.Contains);
    }

    [Fact]
    public async Task TheModerateMenuOffersRemovingRepliesOnlyWhereThereAreReplies()
    {
        Authorization.SignIn(await Forum.AddModeratorAsync());
        var withReplies = await SeedConversationAsync(2);
        var leaf = await Forum.PostAsync(Writer, Forum.SeedThreadId, "Nobody answered this");
        var popovers = Context.Render<MudPopoverProvider>();
        var page = RenderLive(Forum.SeedThreadId);

        page.Find($"#c{leaf.Id} [data-testid='moderate-menu'] button").Click();
        popovers.WaitForAssertion(() => Assert.NotNull(popovers.Find("[data-testid='moderate-remove']")));
        Assert.Empty(popovers.FindAll("[data-testid='moderate-remove-replies']"));
        Assert.Empty(popovers.FindAll("[data-testid='moderate-restore']"));

        page.Find($"#c{withReplies.Id} [data-testid='moderate-menu'] button").Click();
        popovers.WaitForAssertion(() => Assert.NotNull(popovers.Find("[data-testid='moderate-remove-replies']")));
    }

    [Fact]
    public async Task TheUndoSnackbarLeavesOnceAnotherModeratorRestoredTheComment()
    {
        Authorization.SignIn(await Forum.AddModeratorAsync());
        var leaf = await Forum.PostAsync(Writer, Forum.SeedThreadId, "Something rude");
        var popovers = Context.Render<MudPopoverProvider>();
        var dialogs = Context.Render<MudDialogProvider>();
        var snackbars = Context.Render<MudSnackbarProvider>();
        var page = RenderLive(Forum.SeedThreadId);

        page.Find($"#c{leaf.Id} [data-testid='moderate-menu'] button").Click();
        popovers.WaitForElement("[data-testid='moderate-remove']").Click();
        dialogs.WaitForElement("textarea[data-testid='dialog-reason']").Input("Rude");
        dialogs.Find("button[data-testid='dialog-confirm']").Click();
        snackbars.WaitForAssertion(() => Assert.Contains("Undo", snackbars.Markup, StringComparison.Ordinal));

        var other = await Forum.AddModeratorAsync();
        TestForum.Succeeded(await Forum.CommentModeration.RestoreCommentAsync(other.Principal, leaf.Id));

        snackbars.WaitForAssertion(() => Assert.DoesNotContain("Undo", snackbars.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal("false", page.Find($"#c{leaf.Id}").GetAttribute("data-deleted")));
    }

    private static string Normalized(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
