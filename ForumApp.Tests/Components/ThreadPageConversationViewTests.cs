using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Data;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace ForumApp.Tests.Components;

/// <summary>Collapsing, ordering, permalinks and deep chains on the live page.</summary>
public sealed class ThreadPageConversationViewTests : ThreadPageLiveTest
{
    [Fact]
    public async Task CollapsingAConversationHidesItsRepliesAndSaysHowMany()
    {
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);
        var firstReply = IdOf(page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']")[0]);
        var nested = await Forum.PostAsync(Writer, Forum.SeedThreadId, "a reply to a reply", firstReply);
        page.WaitForElement($"#c{nested.Id}");

        page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']")));
        Assert.Empty(page.FindAll($"#c{nested.Id}"));
        Assert.Equal("[+] 6 replies hidden", page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").TextContent.Trim());
        Assert.Equal(20 - 6, page.FindAll("[data-comment-id]").Count);

        page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").Click();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']").Count));
        Assert.NotNull(page.Find($"#c{nested.Id}"));
        Assert.Equal("[–]", page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").TextContent.Trim());
    }

    [Fact]
    public async Task TheCollapseToggleTellsAssistiveTechnologyWhetherTheRepliesShow()
    {
        var page = RenderLive(Forum.SeedThreadId);
        var parent = await SeedConversationAsync(1);
        Assert.Equal("true", page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").GetAttribute("aria-expanded"));

        page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-comment-id][data-parent-id='{parent.Id}']")));
        Assert.Equal("false", page.Find($"#c{parent.Id} [data-testid='collapse-toggle']").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task NewestFirstPutsTheLatestConversationOnTopWithItsRepliesUnderIt()
    {
        var page = RenderLive(Forum.SeedThreadId);
        var conversations = (await Forum.SeedCommentsAsync()).Where(c => c.Depth == 0).ToList();

        page.Find("[data-testid='sort']").Change(nameof(CommentSort.Newest));

        page.WaitForAssertion(() => Assert.Equal(conversations[^1].Id, DisplayedIds(page)[0]));
        var shown = page.FindAll("[data-comment-id]").ToList();
        Assert.Equal(conversations.Select(c => c.Id).Reverse(), shown.Where(c => c.GetAttribute("data-depth") == "0").Select(IdOf));
        Assert.All(shown.Where(c => c.GetAttribute("data-depth") != "0"), reply =>
        {
            var parentIndex = shown.FindIndex(c => c.GetAttribute("data-comment-id") == reply.GetAttribute("data-parent-id"));
            Assert.InRange(parentIndex, 0, shown.IndexOf(reply) - 1);
        });
    }

    [Fact]
    public async Task APermalinkShowsTheAncestorsAndOnlyThatCommentsReplies()
    {
        var thread = await Forum.StartThreadAsync(Writer, "Where the permalink goes");
        var a = await Forum.PostAsync(Writer, thread.Id, "a: the opening");
        var b = await Forum.PostAsync(Reader, thread.Id, "b: an answer", a.Id);
        var c = await Forum.PostAsync(Writer, thread.Id, "c: the linked comment", b.Id);
        var d = await Forum.PostAsync(Reader, thread.Id, "d: under the linked one", c.Id);
        await Forum.PostAsync(Reader, thread.Id, "e: beside b", a.Id);
        await Forum.PostAsync(Reader, thread.Id, "f: another conversation");

        var page = RenderLive(thread.Id, thread.Slug, commentId: c.Id);

        var ancestors = page.FindAll("[data-testid='ancestor']");
        Assert.Equal(["a: the opening", "b: an answer"], ancestors.Select(x => x.QuerySelector(".ancestor-text")!.TextContent.Trim()));
        Assert.Equal($"/t/{thread.Id}/{thread.Slug}/c/{a.Id}", ancestors[0].GetAttribute("href"));
        Assert.Equal([c.Id, d.Id], DisplayedIds(page));
        Assert.Contains("highlighted", page.Find($"#c{c.Id}").ClassList);
        Assert.DoesNotContain("highlighted", page.Find($"#c{d.Id}").ClassList);
        Assert.Equal($"/t/{thread.Id}/{thread.Slug}#c{c.Id}", page.Find("[data-testid='view-whole-thread']").GetAttribute("href"));
    }

    [Fact]
    public async Task ADeepChainContinuesInAViewOfItsOwn()
    {
        var thread = await Forum.StartThreadAsync(Writer, "A very long exchange");
        var chain = new List<CommentView>();
        for (var depth = 0; depth < 12; depth++)
        {
            var author = depth % 2 == 0 ? Writer : Reader;
            chain.Add(await Forum.PostAsync(author, thread.Id, $"level {depth}", chain.LastOrDefault()?.Id));
        }

        var page = RenderLive(thread.Id, thread.Slug);

        // A conversation shows its first replies; the rest of the chain waits behind one button.
        Assert.Equal(chain.Take(ConversationScreen.RepliesEach + 1).Select(c => c.Id), DisplayedIds(page));
        var moreReplies = Assert.Single(page.FindAll("[data-testid='more-replies']"));
        Assert.Equal("1 more reply", moreReplies.TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid='continue-thread']"));

        moreReplies.Click();

        page.WaitForAssertion(() => Assert.Equal(chain.Take(8).Select(c => c.Id), DisplayedIds(page)));
        Assert.Empty(page.FindAll("[data-testid='more-replies']"));
        var more = Assert.Single(page.FindAll("[data-testid='continue-thread']"));
        Assert.Equal("Continue this thread →", more.TextContent.Trim());
        Assert.Equal($"/t/{thread.Id}/{thread.Slug}/c/{chain[7].Id}", more.GetAttribute("href"));
        Assert.NotNull(page.Find($"#c{chain[7].Id} [data-testid='continue-thread']"));

        var continued = RenderLive(thread.Id, thread.Slug, commentId: chain[7].Id);

        Assert.Equal(chain.Skip(7).Select(c => c.Id), DisplayedIds(continued));
        Assert.Equal(7, continued.FindAll("[data-testid='ancestor']").Count);
        Assert.Empty(continued.FindAll("[data-testid='continue-thread']"));
    }
}
