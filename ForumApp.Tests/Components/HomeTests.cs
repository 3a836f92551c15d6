using Bunit;
using ForumApp.Components.Pages;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Components;

public sealed class HomeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _importedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // The bunit context first: its components still hold the services below.
        foreach (var disposable in Enumerable.Reverse(_cleanup))
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task ListsTheSeedThreadWithItsCommentCount()
    {
        var forum = Track(await TestForum.CreateSeededAsync(_importedAt, new TestClock(_importedAt.AddMinutes(3))));
        var home = Render(forum);

        home.WaitForAssertion(() => Assert.Single(home.FindAll(".thread-row")));
        var link = home.Find(".thread-row a.thread-link");
        Assert.Equal(forum.Seed.Title, link.TextContent.Trim());
        Assert.Equal($"/t/{forum.SeedThreadId}/xiaomi-is-no-longer-designated-as-a-communist-chinese-military-company", link.GetAttribute("href"));
        Assert.Equal("19 comments", home.Find(".thread-row .comment-count").TextContent.Trim());
        Assert.Contains("last activity 2 minutes ago", home.Find(".thread-row").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowsAnEmptyStateWithoutThreads()
    {
        var forum = Track(await TestForum.CreateEmptyAsync(new TestClock(_importedAt)));
        var home = Render(forum);

        home.WaitForAssertion(() => Assert.Contains("No threads yet", home.Find("[data-testid='no-threads']").TextContent, StringComparison.Ordinal));
        Assert.Empty(home.FindAll(".thread-row"));
    }

    private IRenderedComponent<Home> Render(TestForum forum)
    {
        var context = Track(BunitSetup.CreateContext(forum, out _));
        return context.Render<Home>();
    }

    private T Track<T>(T disposable) where T : IAsyncDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }
}
