using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Notifications;
using ForumApp.Components.Pages;
using ForumApp.Components.Shared;
using ForumApp.Components.Threads;
using ForumApp.Realtime;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Components;

/// <summary>
/// A live event renders the page again, but only the comment cards whose own inputs changed: a long thread
/// must not redraw every card for one new reply.
/// </summary>
public sealed class ThreadPageRenderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _importedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestClock _clock = new(_importedAt.AddMinutes(3));
    private TestForum _forum = null!;
    private BunitContext _context = null!;
    private TestMember _writer = null!;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateSeededAsync(_importedAt, _clock);
        _context = BunitSetup.CreateContext(_forum, out BunitAuthorizationContext _);
        _writer = await _forum.AddMemberAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task AnArrivingReplyRendersOnlyItsCardItsParentAndTheCardBeforeIt()
    {
        var page = RenderLive();
        var parent = (await _forum.SeedCommentsAsync()).Where(c => c.Depth == 0).ElementAt(1);
        var before = RenderCounts(page);
        Assert.True(before.Count > 10, "The test needs a thread with many cards.");

        var reply = await _forum.PostAsync(_writer, _forum.SeedThreadId, "Only this one is new", parent.Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{reply.Id}")));
        var shown = page.FindComponents<CommentCard>().Select(card => card.Instance.Comment.Id).ToList();
        var cardBefore = shown[shown.IndexOf(reply.Id) - 1];

        // The parent shows a new reply count; the card before the reply no longer ends the conversation.
        Assert.Equal(new[] { parent.Id, cardBefore }.Order(), RenderedAgain(page, before).Order());
        Assert.Equal(1, page.FindComponents<CommentCard>().Single(card => card.Instance.Comment.Id == reply.Id).RenderCount);
    }

    [Fact]
    public async Task AnArrivingReplyRendersNeitherThePageNorItsHeader()
    {
        var page = RenderLive();
        var parent = (await _forum.SeedCommentsAsync()).Where(c => c.Depth == 0).ElementAt(1);
        var header = HeaderRenderCounts(page);
        var presenceRenders = RegionRenders(page, "viewing");
        var count = CommentCountShown(page);

        var reply = await _forum.PostAsync(_writer, _forum.SeedThreadId, "Only the list moves", parent.Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{reply.Id}")));
        page.WaitForAssertion(() => Assert.Equal(count + 1, CommentCountShown(page)));
        Assert.Equal(header, HeaderRenderCounts(page));
        Assert.Equal(presenceRenders, RegionRenders(page, "viewing"));
    }

    [Fact]
    public async Task APresenceChangeDoesNotRenderThePage()
    {
        var page = RenderLive();
        var header = HeaderRenderCounts(page);
        var listRenders = page.FindComponent<CommentTree>().RenderCount;
        var countRenders = RegionRenders(page, "comment");

        await _forum.Bus.PublishPresenceAsync(new PresenceView(_forum.SeedThreadId, 9, []), localShare: null);

        page.WaitForAssertion(() => Assert.Equal("9 viewing", page.Find("[data-testid='viewing']").TextContent.Trim()));
        Assert.Equal(header, HeaderRenderCounts(page));
        Assert.Equal(listRenders, page.FindComponent<CommentTree>().RenderCount);
        Assert.Equal(countRenders, RegionRenders(page, "comment"));
    }

    [Fact]
    public async Task AnEditRendersOnlyTheEditedCard()
    {
        var comment = await _forum.PostAsync(_writer, _forum.SeedThreadId, "First thoughts");
        var page = RenderLive();
        var before = RenderCounts(page);

        _clock.Advance(TimeSpan.FromMinutes(1));
        TestForum.Succeeded(await _forum.Comments.EditAsync(_writer.Principal, _forum.SeedThreadId, comment.Id, "Second thoughts"));

        page.WaitForAssertion(() => Assert.Equal("Second thoughts", page.Find($"#c{comment.Id} .comment-text").TextContent.Trim()));
        Assert.Equal([comment.Id], RenderedAgain(page, before));
    }

    [Fact]
    public async Task ANewConversationHeldBehindTheButtonRendersNoCard()
    {
        var page = RenderLive();
        var before = RenderCounts(page);

        await _forum.PostAsync(_writer, _forum.SeedThreadId, "A whole new point");

        page.WaitForAssertion(() => Assert.Equal("1 new comment", page.Find("[data-testid='show-new-comments']").TextContent.Trim()));
        Assert.Empty(RenderedAgain(page, before));
    }

    [Fact]
    public async Task APresenceChangeRendersNeitherTheTreeNorAnyCard()
    {
        var page = RenderLive();
        var before = RenderCounts(page);
        var tree = page.FindComponent<CommentTree>();
        var treeRenders = tree.RenderCount;

        await _forum.Bus.PublishPresenceAsync(new PresenceView(_forum.SeedThreadId, 7, ["Somebody"]), localShare: null);

        page.WaitForAssertion(() => Assert.Equal("7 viewing", page.Find("[data-testid='viewing']").TextContent.Trim()));
        Assert.Equal(treeRenders, tree.RenderCount);
        Assert.Empty(RenderedAgain(page, before));
    }

    private IRenderedComponent<ThreadPage> RenderLive()
    {
        var page = _context.Render<ThreadPage>(parameters => parameters.Add(p => p.Id, _forum.SeedThreadId));
        page.WaitForAssertion(() => Assert.Equal(1, _forum.Bus.ThreadSubscriberCount(_forum.SeedThreadId)));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='viewing']")));
        return page;
    }

    private static int CommentCountShown(IRenderedComponent<ThreadPage> page) =>
        int.Parse(new string(page.Find("#comments-heading").TextContent.Where(char.IsAsciiDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// How often the live region whose text contains <paramref name="text"/> rendered. A region renders whenever
    /// the page does (its content is the page's), so an unchanged count means the page did not render either.
    /// </summary>
    private static int RegionRenders(IRenderedComponent<ThreadPage> page, string text) =>
        page.FindComponents<LiveRegion>().Single(region => region.Markup.Contains(text, StringComparison.Ordinal) && !region.Markup.Contains("<article", StringComparison.Ordinal)).RenderCount;

    /// <summary>The components above the comment list: the byline, mute and pin controls (the pin control renders with the page).</summary>
    private static List<int> HeaderRenderCounts(IRenderedComponent<ThreadPage> page) =>
        page.FindComponents<AuthorAvatar>().Take(1).Select(c => c.RenderCount)
            .Concat(page.FindComponents<MuteThreadButton>().Select(c => c.RenderCount))
            .Concat(page.FindComponents<ThreadPinControl>().Select(c => c.RenderCount))
            .ToList();

    private static Dictionary<long, int> RenderCounts(IRenderedComponent<ThreadPage> page) =>
        page.FindComponents<CommentCard>().ToDictionary(card => card.Instance.Comment.Id, card => card.RenderCount);

    /// <summary>Cards that were there before and rendered since.</summary>
    private static List<long> RenderedAgain(IRenderedComponent<ThreadPage> page, Dictionary<long, int> before) =>
        page.FindComponents<CommentCard>()
            .Where(card => before.TryGetValue(card.Instance.Comment.Id, out var count) && card.RenderCount > count)
            .Select(card => card.Instance.Comment.Id)
            .ToList();
}
