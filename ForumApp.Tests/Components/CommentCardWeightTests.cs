using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Pages;
using ForumApp.Components.Shared;
using ForumApp.Realtime;
using ForumApp.Components.Threads;
using Microsoft.AspNetCore.Components;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Components;

/// <summary>
/// A circuit keeps every component's render trees for as long as the page is open, so a card draws its avatar, name,
/// time and votes into its own tree: a child component per part cost kilobytes per card on a long thread.
/// </summary>
public sealed class CommentCardWeightTests : IAsyncLifetime
{
    private const long AuthorId = 7;
    private const long ReaderId = 8;

    private BunitContext _context = null!;
    private CommentHandlers _handlers = null!;

    public Task InitializeAsync()
    {
        _context = BunitSetup.CreateContext(services => services.AddSingleton(TimeProvider.System));
        _handlers = new CommentHandlers
        {
            OnAction = EventCallback.Factory.Create<CommentAction>(this, _ => { }),
            PermalinkOf = id => $"/t/1/a/c/{id}",
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    public static TheoryData<string> Readers => new() { "anonymous", "member", "moderator" };

    [Theory]
    [MemberData(nameof(Readers))]
    public void ACardHasNoChildComponentsUntilSomethingIsOpened(string reader)
    {
        var viewer = reader switch
        {
            "anonymous" => ThreadViewer.Anonymous,
            "member" => new ThreadViewer(ReaderId, IsModerator: false, CanWrite: true),
            _ => new ThreadViewer(ReaderId, IsModerator: true, CanWrite: true),
        };

        var host = RenderCard(viewer);
        var card = host.FindComponent<CommentCard>();

        // The card drew its parts: avatar, author link, time, votes and the collapse toggle.
        Assert.NotNull(card.Find(".avatar"));
        Assert.NotNull(card.Find("[data-testid='author-link']"));
        Assert.NotNull(card.Find("time"));
        Assert.NotNull(card.Find("[data-testid='upvote']"));
        Assert.NotNull(card.Find("[data-testid='collapse-toggle']"));
        Assert.Empty(card.FindComponents<IComponent>().Where(c => !ReferenceEquals(c.Instance, card.Instance)).Select(c => c.Instance.GetType().Name));
    }

    [Fact]
    public async Task EveryCardOnAThreadPageIsOneComponentForAModerator()
    {
        var importedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await using var forum = await TestForum.CreateSeededAsync(importedAt, new TestClock(importedAt.AddMinutes(3)));
        await using var context = BunitSetup.CreateContext(forum, out BunitAuthorizationContext authorization);
        authorization.SignIn(await forum.AddModeratorAsync());

        var page = context.Render<ThreadPage>(parameters => parameters.Add(p => p.Id, forum.SeedThreadId));
        page.WaitForAssertion(() => Assert.True(page.FindAll("article.comment").Count > 10, "The test needs a thread with many cards."));

        // The card is the comment card itself: under it, only its replies' cards.
        var cards = page.FindComponents<ConversationCard>();
        Assert.Equal(page.FindAll("article.comment").Count, cards.Count);
        Assert.Equal(cards.Count, page.FindComponents<CommentCard>().Count);
        Assert.All(cards, card => Assert.All(
            card.FindComponents<IComponent>().Where(c => !ReferenceEquals(c.Instance, card.Instance)),
            c => Assert.IsType<ConversationCard>(c.Instance, exactMatch: false)));
    }

    [Fact]
    public void AReaderWhoIsNotSignedInGetsTheHeaderAndLinksAsMarkupSharedByEveryPageWithTheComponentsScopes()
    {
        var reader = new ThreadViewer(null, IsModerator: false, CanWrite: false);

        var first = RenderCard(reader).FindComponent<CommentCard>();
        var second = RenderCard(reader).FindComponent<CommentCard>();

        // Written once as HTML, yet styled as the component's own elements: the same scope attributes on both.
        var article = first.Find("article");
        Assert.True(article.HasAttribute(CardMarkup.CardScope), "The card's own elements lost their named scope.");
        Assert.True(first.Find(".votes").HasAttribute(CardMarkup.CardScope));
        Assert.True(first.Find("[data-testid='sign-in-to-reply']").HasAttribute(CardMarkup.CardScope));
        Assert.True(first.Find(".comment-actions").HasAttribute(CardMarkup.CardScope));
        Assert.True(first.Find(".comment-text").HasAttribute(CardMarkup.CardScope));
        Assert.True(first.Find(".avatar").HasAttribute(CardMarkup.AvatarScope));
        Assert.True(first.Find("[data-testid='author-link']").HasAttribute(CardMarkup.AuthorLinkScope));
        Assert.Equal("/account/login?ReturnUrl=%2Ft%2F1%23c41", first.Find("[data-testid='upvote']").GetAttribute("href"));
        Assert.Equal(first.Find(".comment-actions").InnerHtml, second.Find(".comment-actions").InnerHtml);

        // One string for every page showing the comment as it is; a new score makes a new one.
        var comment = first.Instance.Comment;
        Assert.Same(CardMarkup.ReaderActionRow(comment, null).Value, CardMarkup.ReaderActionRow(comment with { }, null).Value);
        var voted = CardMarkup.ReaderActionRow(comment with { Score = 5 }, null).Value;
        Assert.Contains(">5</span>", voted);
        Assert.Same(voted, CardMarkup.ReaderActionRow(comment with { Score = 5 }, null).Value);
        Assert.Same(CardMarkup.Body(comment).Value, CardMarkup.Body(comment with { }).Value);
        Assert.Contains("Edited words", CardMarkup.Body(comment with { BodyHtml = "<p>Edited words</p>" }).Value);
    }

    [Fact]
    public void TheSharedMarkupIsWhatTheComponentsThemselvesDraw()
    {
        // The header's avatar and name are written out by hand beside the components that draw them elsewhere, and
        // the reader's vote links beside the card's own links for a reader who may open an editor: each pair must agree.
        var markupCard = RenderCard(new ThreadViewer(null, IsModerator: false, CanWrite: false)).FindComponent<CommentCard>();
        var drawnCard = RenderCard(ThreadViewer.Anonymous).FindComponent<CommentCard>();
        var avatar = _context.Render<AuthorAvatar>(parameters => parameters.Add(p => p.Name, "Author").Add(p => p.Size, 20));
        var authorLink = _context.Render<AuthorLink>(parameters => parameters.Add(p => p.Name, "Author"));

        Assert.Equal(avatar.Find(".avatar").OuterHtml, markupCard.Find(".comment-header .avatar").OuterHtml);
        Assert.Equal(authorLink.Find("a.author-link").OuterHtml, markupCard.Find(".comment-header .author a").OuterHtml);
        Assert.Equal(drawnCard.Find(".votes").OuterHtml, markupCard.Find(".votes").OuterHtml);
        Assert.NotNull(drawnCard.Find("[data-testid='reply-button']"));
        Assert.NotNull(markupCard.Find("[data-testid='sign-in-to-reply']"));
    }

    private IRenderedComponent<CascadingValue<CommentHandlers>> RenderCard(ThreadViewer viewer) =>
        _context.Render<CascadingValue<CommentHandlers>>(parameters => parameters
            .Add(p => p.Value, _handlers)
            .Add(p => p.IsFixed, true)
            .AddChildContent<CommentCard>(card => card
                .Add(c => c.Comment, new CommentView(41, 1, null, 0, "Author", AuthorId, "Words", "<p>Words</p>", DateTime.UtcNow.AddMinutes(-5), null, false, null, null, 3))
                .Add(c => c.Viewer, viewer)
                .Add(c => c.PermalinkUrl, "/t/1/a/c/41")));
}
