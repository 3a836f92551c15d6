using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using ForumApp.Components.Pages;
using ForumApp.Realtime;

namespace ForumApp.Tests.Components;

/// <summary>
/// The thread page once interactive: what others do reaches it through the app's event bus (or, when an
/// event went missing, through the database), and what the reader sees changes in place, without a reload.
/// </summary>
public abstract class ThreadPageLiveTest : IAsyncLifetime
{
    private BunitAuthorizationContext _authorization = null!;

    protected static DateTimeOffset ImportedAt { get; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected TestClock Clock { get; } = new(ImportedAt.AddMinutes(3));

    protected TestForum Forum { get; private set; } = null!;

    protected BunitContext Context { get; private set; } = null!;

    protected BunitAuthorizationContext Authorization => _authorization;

    protected TestMember Reader { get; private set; } = null!;

    protected TestMember Writer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Forum = await TestForum.CreateSeededAsync(ImportedAt, Clock);
        Context = BunitSetup.CreateContext(Forum, out _authorization);
        Reader = await Forum.AddMemberAsync();
        Writer = await Forum.AddMemberAsync();
    }

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        await Forum.DisposeAsync();
    }

    /// <summary>What the reader types stays in the browser; an editor asks its module for it when it sends.</summary>
    protected void TypeInEditors(string text) =>
        Context.JSInterop.SetupModule("./Components/Threads/ReplyEditor.razor.js").Setup<string>("getText", _ => true).SetResult(text);

    /// <summary>Renders the page and waits until it has subscribed to the thread's events and caught up.</summary>
    protected IRenderedComponent<ThreadPage> RenderLive(long threadId, string? slug = null, long? commentId = null)
    {
        var subscribers = Forum.Bus.ThreadSubscriberCount(threadId);
        var page = Context.Render<ThreadPage>(parameters => parameters
            .Add(p => p.Id, threadId)
            .Add(p => p.Slug, slug)
            .Add(p => p.CommentId, commentId));
        page.WaitForAssertion(() => Assert.Equal(subscribers + 1, Forum.Bus.ThreadSubscriberCount(threadId)));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='viewing']")));
        return page;
    }

    /// <summary>The seed's top-level comment at <paramref name="index"/>, as the page read it.</summary>
    protected async Task<CommentView> SeedConversationAsync(int index) =>
        (await Forum.SeedCommentsAsync()).Where(c => c.Depth == 0).ElementAt(index);

    protected static List<long> DisplayedIds(IRenderedComponent<ThreadPage> page) =>
        page.FindAll("[data-comment-id]").Select(IdOf).ToList();

    protected static long IdOf(IElement comment) => long.Parse(comment.GetAttribute("data-comment-id")!);
}
