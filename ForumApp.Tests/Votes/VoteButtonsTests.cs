using Bunit;
using ForumApp.Components.Threads;
using ForumApp.Realtime;
using ForumApp.Tests.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Votes;

/// <summary>A comment card's vote buttons in each state a reader can be in.</summary>
public sealed class VoteButtonsTests : IAsyncLifetime
{
    private const long AuthorId = 7;
    private const long ReaderId = 8;

    private readonly List<CommentAction> _actions = [];
    private BunitContext _context = null!;
    private CommentHandlers _handlers = null!;

    public Task InitializeAsync()
    {
        _context = BunitSetup.CreateContext(services => services.AddSingleton(TimeProvider.System));
        _handlers = new CommentHandlers
        {
            OnAction = EventCallback.Factory.Create<CommentAction>(this, action => _actions.Add(action)),
            PermalinkOf = id => $"/t/1/a/c/{id}",
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Theory]
    [InlineData(1, "true", "false")]
    [InlineData(-1, "false", "true")]
    [InlineData(0, "false", "false")]
    public void AMembersOwnVoteIsPressed(int myVote, string upPressed, string downPressed)
    {
        var card = RenderCard(Comment(score: 5, myVote: myVote), Member());

        var up = card.Find("[data-testid='upvote']");
        var down = card.Find("[data-testid='downvote']");
        Assert.Equal(("BUTTON", "Upvote", upPressed), (up.TagName, up.GetAttribute("aria-label"), up.GetAttribute("aria-pressed")));
        Assert.Equal(("BUTTON", "Downvote", downPressed), (down.TagName, down.GetAttribute("aria-label"), down.GetAttribute("aria-pressed")));
        Assert.Equal(myVote == 1, up.ClassList.Contains("pressed"));
        Assert.Equal(myVote == -1, down.ClassList.Contains("pressed"));
        Assert.Equal("5", card.Find("[data-testid='score']").TextContent);
    }

    [Fact]
    public void PressingAButtonAsksForThatVote()
    {
        var comment = Comment(score: 2, myVote: 0);
        var card = RenderCard(comment, Member());

        card.Find("[data-testid='upvote']").Click();
        card.Find("[data-testid='downvote']").Click();

        Assert.Equal([CommentActionKind.Upvote, CommentActionKind.Downvote], _actions.Select(a => a.Kind));
        Assert.All(_actions, a => Assert.Equal(comment.Id, a.Comment.Id));
    }

    public static TheoryData<string> ScoreOnlyReaders() => ["own comment", "deleted comment", "locked thread", "suspended member"];

    [Theory]
    [MemberData(nameof(ScoreOnlyReaders))]
    public void WhereAVoteWouldBeRefusedOnlyTheScoreShows(string situation)
    {
        var comment = situation switch
        {
            "own comment" => Comment(score: 3, myVote: 0) with { AuthorId = ReaderId },
            "deleted comment" => Comment(score: 3, myVote: 0) with { Deleted = true, DeletedBy = "author", Body = null, BodyHtml = null },
            _ => Comment(score: 3, myVote: 0),
        };
        var viewer = situation switch
        {
            "locked thread" => Member() with { CanWrite = false, Locked = true },
            "suspended member" => Member() with { CanWrite = false },
            _ => Member(),
        };

        var card = RenderCard(comment, viewer);

        Assert.Empty(card.FindAll("[data-testid='upvote'], [data-testid='downvote']"));
        Assert.Equal("3", card.Find("[data-testid='score']").TextContent);
    }

    [Fact]
    public void AnonymousReadersAreLedToSignInAndBackToTheComment()
    {
        var comment = Comment(score: -1, myVote: null);
        var card = RenderCard(comment, ThreadViewer.Anonymous);

        var up = card.Find("[data-testid='upvote']");
        Assert.Equal(("A", "Upvote"), (up.TagName, up.GetAttribute("aria-label")));
        Assert.Equal($"/account/login?ReturnUrl={Uri.EscapeDataString($"/t/{comment.ThreadId}#c{comment.Id}")}", up.GetAttribute("href"));
        Assert.Equal("Downvote", card.Find("[data-testid='downvote']").GetAttribute("aria-label"));
        Assert.Equal("-1", card.Find("[data-testid='score']").TextContent);
    }

    private static ThreadViewer Member() => new(ReaderId, IsModerator: false, CanWrite: true);

    private static CommentView Comment(int score, int? myVote) =>
        new(41, 1, null, 0, "Author", AuthorId, "Words", "<p>Words</p>", DateTime.UtcNow.AddMinutes(-5), null, false, null, null, 0)
        {
            Score = score,
            MyVote = myVote,
        };

    private IRenderedComponent<CascadingValue<CommentHandlers>> RenderCard(CommentView comment, ThreadViewer viewer) =>
        _context.Render<CascadingValue<CommentHandlers>>(parameters => parameters
            .Add(p => p.Value, _handlers)
            .Add(p => p.IsFixed, true)
            .AddChildContent<CommentCard>(card => card
                .Add(c => c.Comment, comment)
                .Add(c => c.Viewer, viewer)));
}
