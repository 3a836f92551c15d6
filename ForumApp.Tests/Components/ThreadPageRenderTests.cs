using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Notifications;
using ForumApp.Components.Pages;
using ForumApp.Components.Shared;
using ForumApp.Components.Threads;
using ForumApp.Realtime;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace ForumApp.Tests.Components;

/// <summary>
/// A live event renders neither the page nor the comment list nor the conversation it changed: in it, only the
/// cards whose own row or list of replies changed draw. A long thread must not redraw (or ask) every card for
/// one reply, and a reply deep in a long conversation must not redraw the conversation.
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
        _context.ComponentFactories.Add<CommentTree>(() => new CountedTree());
        _context.ComponentFactories.Add<ConversationView>(() => new CountedConversation());
        _context.ComponentFactories.Add<ConversationCard>(() => new CountedCard());
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
    public async Task AReplyDeepInAConversationDrawsItsParentsRepliesAndNoCardAboveIt()
    {
        var page = RenderLive();
        var seeded = await _forum.SeedCommentsAsync();
        var root = seeded.First(c => c.Depth == 0 && seeded.Count(r => r.ParentId == c.Id) >= 2);
        var parent = seeded.First(c => c.ParentId == root.Id);
        var conversations = Conversations(page).ToDictionary(c => c.Key, c => c.Value.Drawn);
        var drawn = Cards(page).ToDictionary(c => c.Key, c => c.Value.Drawn);

        var reply = await _forum.PostAsync(_writer, _forum.SeedThreadId, "A reply to a reply", parent.Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{reply.Id}")));
        // Only the parent's card draws (its reply count and its list of replies), then the new card once: neither
        // the conversation nor its top-level card, whose own replies stayed the same.
        var cards = Cards(page);
        Assert.Equal([parent.Id], drawn.Where(c => cards[c.Key].Drawn != c.Value).Select(c => c.Key));
        Assert.Equal(1, cards[reply.Id].Drawn);
        Assert.Equal(conversations, Conversations(page).ToDictionary(c => c.Key, c => c.Value.Drawn));
        var shown = page.FindAll("article").Select(article => article.Id).ToList();
        Assert.Equal(shown.IndexOf($"c{parent.Id}") + 1, shown.IndexOf($"c{reply.Id}"));
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

    [Fact]
    public async Task AReplyDrawsInsideItsOwnConversationAndNeitherTheListNorAnyConversation()
    {
        var page = RenderLive();
        var roots = (await _forum.SeedCommentsAsync()).Where(c => c.Depth == 0).ToList();
        var (inA, inB) = (roots[1].Id, roots[2].Id);
        var tree = Tree(page);
        var (treeAsked, treeDrawn) = (tree.Asked, tree.Drawn);
        var conversations = Conversations(page);
        var (bAsked, bDrawn) = (conversations[inB].Asked, conversations[inB].Drawn);
        var drawn = conversations.ToDictionary(c => c.Key, c => c.Value.Drawn);
        var cards = RenderCounts(page);

        var reply = await _forum.PostAsync(_writer, _forum.SeedThreadId, "Only this conversation moves", inA);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{reply.Id}")));
        Assert.Equal((treeAsked, treeDrawn), (tree.Asked, tree.Drawn));
        Assert.Equal((bAsked, bDrawn), (conversations[inB].Asked, conversations[inB].Drawn));
        Assert.DoesNotContain(Conversations(page), c => c.Value.Drawn != drawn[c.Key]);
        var renderedAgain = RenderedAgain(page, cards);
        Assert.NotEmpty(renderedAgain);
        Assert.All(renderedAgain, id => Assert.Equal(inA, RootOf(page, id)));
        Assert.Equal(1, page.FindComponents<CommentCard>().Single(card => card.Instance.Comment.Id == reply.Id).RenderCount);
    }

    [Fact]
    public async Task AReplyDrawsOnlyTheCardsWhoseRowOrRepliesChangedAndHandsInputsOnlyToTheNewOne()
    {
        var page = RenderLive();
        var parent = (await _forum.SeedCommentsAsync()).Where(c => c.Depth == 0).ElementAt(1);
        var asked = Cards(page).ToDictionary(c => c.Key, c => c.Value.Asked);
        var drawn = Cards(page).ToDictionary(c => c.Key, c => c.Value.Drawn);
        Assert.True(asked.Count > 10, "The test needs a thread with many cards.");

        var reply = await _forum.PostAsync(_writer, _forum.SeedThreadId, "Only the neighbours are asked", parent.Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{reply.Id}")));
        var shown = page.FindComponents<CommentCard>().Select(card => card.Instance.Comment.Id).ToList();
        var cardBefore = shown[shown.IndexOf(reply.Id) - 1];
        var askedAgain = Cards(page).Where(c => !asked.TryGetValue(c.Key, out var before) || c.Value.Asked != before).Select(c => c.Key);
        Assert.Equal([reply.Id], askedAgain);
        // The parent's card draws its new list of replies; the card before no longer ends the conversation.
        var drawnAgain = Cards(page).Where(c => !drawn.TryGetValue(c.Key, out var before) || c.Value.Drawn != before).Select(c => c.Key);
        Assert.Equal(new[] { parent.Id, cardBefore, reply.Id }.Distinct().Order(), drawnAgain.Order());
    }

    [Fact]
    public async Task AReplyToACommentWithManyRepliesDrawsTheLastRunOfItsRepliesAndNoOtherRun()
    {
        var page = RenderLive();
        var seeded = await _forum.SeedCommentsAsync();
        var parent = seeded.First(c => c.Depth == 0 && !seeded.Any(r => r.ParentId == c.Id));
        var replies = new List<long>();
        for (var i = 0; i < 3 * ReplyRun.Size + 2; i++)
        {
            replies.Add((await _forum.PostAsync(_writer, _forum.SeedThreadId, $"Reply {i} of many", parent.Id)).Id);
        }

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{replies[^1]}")));
        var runs = page.FindComponents<ReplyRun>();
        Assert.Equal(3, runs.Count);
        var runsDrawn = runs.Select(run => run.RenderCount).ToList();
        var drawn = Cards(page).ToDictionary(c => c.Key, c => c.Value.Drawn);

        var reply = await _forum.PostAsync(_writer, _forum.SeedThreadId, "One more", parent.Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{reply.Id}")));
        // The parent draws (its count, its last run's members); of its runs only the last, where the reply goes.
        Assert.Equal(runsDrawn.Take(2), runs.Take(2).Select(run => run.RenderCount));
        Assert.True(runs[2].RenderCount > runsDrawn[2]);
        var drawnAgain = Cards(page).Where(c => !drawn.TryGetValue(c.Key, out var before) || c.Value.Drawn != before).Select(c => c.Key);
        Assert.Equal(new[] { parent.Id, replies[^1], reply.Id }.Order(), drawnAgain.Order());
        // Every reply in order, straight after the parent, in the page's one flat run of cards.
        var shown = page.FindAll("article").Select(article => article.Id).ToList();
        Assert.Equal(replies.Append(reply.Id).Select(id => $"c{id}"), shown.Skip(shown.IndexOf($"c{parent.Id}") + 1).Take(replies.Count + 1));
    }

    [Fact]
    public async Task AScoreChangeDrawsOnlyItsCard()
    {
        var page = RenderLive();
        var voted = (await _forum.SeedCommentsAsync()).Where(c => c.Depth == 0).ElementAt(2);
        var tree = Tree(page);
        var treeAsked = tree.Asked;
        var drawn = Conversations(page).ToDictionary(c => c.Key, c => c.Value.Drawn);
        var cards = Cards(page).ToDictionary(c => c.Key, c => c.Value.Drawn);

        await _forum.Bus.PublishAsync(new ScoresChanged(_forum.SeedThreadId, [new CommentScore(voted.Id, voted.Score + 5)]));

        page.WaitForAssertion(() => Assert.Equal($"{voted.Score + 5}", page.Find($"#c{voted.Id} [data-testid='score']").TextContent.Trim()));
        Assert.Equal(treeAsked, tree.Asked);
        Assert.Equal(drawn, Conversations(page).ToDictionary(c => c.Key, c => c.Value.Drawn));
        Assert.Equal([voted.Id], Cards(page).Where(c => c.Value.Drawn != cards[c.Key]).Select(c => c.Key));
    }

    [Fact]
    public async Task ANewConversationRendersTheListOnlyWhenShown()
    {
        var page = RenderLive();
        var tree = Tree(page);
        var treeDrawn = tree.Drawn;
        var drawn = Conversations(page).ToDictionary(c => c.Key, c => c.Value.Drawn);

        var posted = await _forum.PostAsync(_writer, _forum.SeedThreadId, "A whole new point");

        // Held behind the button: only the button draws, neither the list nor any conversation.
        page.WaitForAssertion(() => Assert.Equal("1 new comment", page.Find("[data-testid='show-new-comments']").TextContent.Trim()));
        Assert.Equal(treeDrawn, tree.Drawn);
        Assert.Equal(drawn, Conversations(page).ToDictionary(c => c.Key, c => c.Value.Drawn));

        await page.InvokeAsync(() => page.Find("[data-testid='show-new-comments']").Click());

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"#c{posted.Id}")));
        Assert.Equal(treeDrawn + 1, tree.Drawn);
        var after = Conversations(page);
        Assert.Equal(1, after[posted.Id].Drawn);
        Assert.DoesNotContain(after, c => c.Key != posted.Id && c.Value.Drawn != drawn[c.Key]);
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

    private static CountedTree Tree(IRenderedComponent<ThreadPage> page) => (CountedTree)page.FindComponent<CommentTree>().Instance;

    private static Dictionary<long, CountedCard> Cards(IRenderedComponent<ThreadPage> page) =>
        page.FindComponents<ConversationCard>().ToDictionary(card => card.Instance.Id, card => (CountedCard)card.Instance);

    private static Dictionary<long, CountedConversation> Conversations(IRenderedComponent<ThreadPage> page) =>
        page.FindComponents<ConversationView>().ToDictionary(view => view.Instance.RootId, view => (CountedConversation)view.Instance);

    /// <summary>The conversation (by its top-level comment) whose cards include the comment.</summary>
    private static long RootOf(IRenderedComponent<ThreadPage> page, long commentId) =>
        page.FindComponents<ConversationView>().Single(view => view.FindComponents<CommentCard>().Any(card => card.Instance.Comment.Id == commentId)).Instance.RootId;

    private static Dictionary<long, int> RenderCounts(IRenderedComponent<ThreadPage> page) =>
        page.FindComponents<CommentCard>().ToDictionary(card => card.Instance.Comment.Id, card => card.RenderCount);

    /// <summary>Cards that were there before and rendered since.</summary>
    private static List<long> RenderedAgain(IRenderedComponent<ThreadPage> page, Dictionary<long, int> before) =>
        page.FindComponents<CommentCard>()
            .Where(card => before.TryGetValue(card.Instance.Comment.Id, out var count) && card.RenderCount > count)
            .Select(card => card.Instance.Comment.Id)
            .ToList();

    /// <summary>
    /// How often the list is handed parameters (asked) and builds its markup (drawn). A rendered component's
    /// RenderCount also counts its children's renders, so it cannot tell the list from a conversation in it.
    /// </summary>
    private sealed class CountedTree : CommentTree
    {
        public int Asked { get; private set; }
        public int Drawn { get; private set; }

        public override Task SetParametersAsync(ParameterView parameters)
        {
            Asked++;
            return base.SetParametersAsync(parameters);
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Drawn++;
            base.BuildRenderTree(builder);
        }
    }

    private sealed class CountedConversation : ConversationView
    {
        public int Asked { get; private set; }
        public int Drawn { get; private set; }

        public override Task SetParametersAsync(ParameterView parameters)
        {
            Asked++;
            return base.SetParametersAsync(parameters);
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Drawn++;
            base.BuildRenderTree(builder);
        }
    }

    private sealed class CountedCard : ConversationCard
    {
        public int Asked { get; private set; }
        public int Drawn { get; private set; }

        public override Task SetParametersAsync(ParameterView parameters)
        {
            Asked++;
            return base.SetParametersAsync(parameters);
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Drawn++;
            base.BuildRenderTree(builder);
        }
    }
}
