using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Components.Profiles;
using ForumApp.Components.Threads;
using ForumApp.Features.Profiles;
using ForumApp.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Components;

/// <summary>Every author name leads to the author's profile; the seed's "Anonymous" has none and stays text.</summary>
public sealed class AuthorLinkTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _now = new(2031, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_cleanup))
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task ACommentCardLinksItsAuthorsNameToTheirProfile()
    {
        var forum = Track(await TestForum.CreateEmptyAsync(new TestClock(_now)));
        var context = Track(BunitSetup.CreateContext(forum, out _));
        var comment = new CommentView(7, 1, null, 0, "Zoë Ñandú", 3, "hi", "<p>hi</p>", _now.UtcDateTime, null, false, null, null, 0);

        var card = context.Render<CommentCard>(p => p.Add(c => c.Comment, comment));

        var link = card.Find(".comment-header .author a[data-testid='author-link']");
        Assert.Equal(("Zoë Ñandú", "/u/Zo%C3%AB%20%C3%91and%C3%BA"), (link.TextContent, link.GetAttribute("href")));
    }

    [Fact]
    public async Task TheHomeListLinksMembersButNotTheSeedsAnonymousAuthor()
    {
        var forum = Track(await TestForum.CreateSeededAsync(_now));
        var member = await forum.AddMemberAsync("Thread Starter");
        var started = await forum.StartThreadAsync(member, "A member's thread");
        var context = Track(BunitSetup.CreateContext(forum, out _));

        var home = context.Render<Home>();

        home.WaitForAssertion(() => Assert.Equal(2, home.FindAll(".thread-row").Count));
        var memberRow = home.Find($".thread-row[data-thread-id='{started.Id}']");
        Assert.Equal("/u/Thread%20Starter", memberRow.QuerySelector("[data-testid='author-link']")?.GetAttribute("href"));
        var seedRow = home.Find($".thread-row[data-thread-id='{forum.SeedThreadId}']");
        Assert.Null(seedRow.QuerySelector("[data-testid='author-link']"));
        Assert.EndsWith("Anonymous", seedRow.QuerySelector(".author")?.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProfilePageShowsTheMembersNumbersAndRecentCommentsOrSaysTheNameIsUnknown()
    {
        var forum = Track(await TestForum.CreateEmptyAsync(new TestClock(_now)));
        var member = await forum.AddMemberAsync("Profiled Member");
        var thread = await forum.StartThreadAsync(member, "Where it was said");
        var comment = await forum.PostAsync(member, thread.Id, "Something **worth** reading");
        var context = Track(BunitSetup.CreateContext(services =>
        {
            forum.AddServicesTo(services);
            services.AddSingleton(new ProfileService(forum.DbFactory));
        }));

        var profile = context.Render<ProfilePage>(p => p.Add(c => c.DisplayName, "Profiled Member"));

        profile.WaitForAssertion(() => Assert.Equal("Profiled Member", profile.Find("[data-testid='profile-name']").TextContent));
        Assert.Equal(("1", "0", "1"), (profile.Find("[data-testid='profile-comments']").TextContent, profile.Find("[data-testid='profile-score']").TextContent,
            profile.Find("[data-testid='profile-threads']").TextContent));
        var link = profile.Find("[data-testid='profile-comment-link']");
        Assert.Equal(("Where it was said", $"/t/{thread.Id}#c{comment.Id}"), (link.TextContent, link.GetAttribute("href")));

        var unknown = context.Render<ProfilePage>(p => p.Add(c => c.DisplayName, "Nobody Known"));
        unknown.WaitForAssertion(() => Assert.Contains("Nobody here goes by", unknown.Find("[data-testid='profile-not-found']").TextContent, StringComparison.Ordinal));
    }

    private T Track<T>(T disposable) where T : IAsyncDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }
}
