using System.Net;
using ForumApp.Features.Accounts;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.BrowserTests;

/// <summary>
/// An app on a real port with a thread that shows everything a comment body and the thread page can draw:
/// links, a block quote, code, a list and a table in the article and in comments, nested replies, a removed
/// comment's tombstone, an open report and a locked second thread. The accessibility audit runs on it.
/// </summary>
public sealed class AccessibilityForum : IAsyncLifetime
{
    public const string RichMarkdown = """
        See [the style guide](https://example.com/style) before you post, and mind what it says about quotes:

        > A quoted line from earlier in the conversation, long enough to wrap on a phone screen.

        Run `dotnet test --filter Accessibility` or the whole block:

        ```
        dotnet build ForumApp.Tests -v q -nologo && dotnet test ForumApp.Tests --no-build --filter "FullyQualifiedName~AccessibilityTests"
        ```

        - first point
        - second point, with a [link in a list](https://example.com/list)

        | Theme | Links |
        |-------|-------|
        | light | underlined |
        | dark  | underlined |
        """;

    private readonly ForumAppFactory _app = new ForumAppFactory()
        .WithHighLimits()
        .WithSetting("Forum:DemoAccounts", "true");

    private ForumApiClient _api = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The author of the thread and of most comments, named so that "Reply to Anna …" reads naturally.</summary>
    public BrowserMember Author { get; private set; } = null!;

    /// <summary>The member who browses: replied in the thread and reported a comment.</summary>
    public BrowserMember Member { get; private set; } = null!;

    public static AccountBootstrap.DemoAccount Moderator { get; } =
        AccountBootstrap.DemoAccounts.Single(a => a.Roles.Contains(ForumRoles.Moderator));

    public static AccountBootstrap.DemoAccount Admin { get; } =
        AccountBootstrap.DemoAccounts.Single(a => a.Roles.Contains(ForumRoles.Admin));

    public string ThreadUrl { get; private set; } = "";

    public string LockedThreadUrl { get; private set; } = "";

    /// <summary>The rich top-level comment, with two levels of replies under it.</summary>
    public long RichCommentId { get; private set; }

    /// <summary>The member's reply to the rich comment: the permalink view is rooted here.</summary>
    public long ReplyId { get; private set; }

    /// <summary>The comment the member reported and can report again (the dialog opens before the server refuses).</summary>
    public long ReportedCommentId { get; private set; }

    public string PermalinkUrl => $"{ThreadUrl}/c/{ReplyId}";

    public async Task InitializeAsync()
    {
        BaseAddress = _app.StartOnKestrel();
        _api = new ForumApiClient(BaseAddress);

        var suffix = Guid.NewGuid().ToString("N")[..6];
        var author = await _api.RegisterMemberAsync($"Anna {suffix}", $"anna.{suffix}@example.test");
        var member = await _api.RegisterMemberAsync($"Ben {suffix}", $"ben.{suffix}@example.test");
        Author = new BrowserMember(author.Id, author.DisplayName, author.Email, ForumApiClient.Password);
        Member = new BrowserMember(member.Id, member.DisplayName, member.Email, ForumApiClient.Password);
        var moderator = await _api.LogInAsync(0, Moderator.DisplayName, Moderator.Email, Moderator.Password);

        var thread = await _api.StartThreadAsync(author, "Reading comments in both themes", RichMarkdown);
        var threadId = thread.GetProperty("id").GetInt64();
        ThreadUrl = thread.GetProperty("url").GetString()!;

        RichCommentId = await PostAsync(author, threadId, RichMarkdown);
        ReplyId = await PostAsync(member, threadId, "Thanks, **that helps**. One more [link](https://example.com/thanks).", RichCommentId);
        await PostAsync(author, threadId, "Glad it did.", ReplyId);

        var removed = await PostAsync(member, threadId, "Something a moderator will take down.");
        await PostAsync(author, threadId, "A reply that stays under the removed comment.", removed);
        await _api.SendAsync(HttpMethod.Post, $"/api/moderation/comments/{removed}/remove", moderator,
            new { reason = "Off topic", includeReplies = false }, HttpStatusCode.OK);

        ReportedCommentId = await PostAsync(author, threadId, "A plain comment that someone reported.");
        await _api.SendAsync(HttpMethod.Post, $"/api/comments/{ReportedCommentId}/reports", member,
            new { reason = "Looks like spam" }, HttpStatusCode.Created);

        var locked = await _api.StartThreadAsync(author, "A locked thread", "Nothing more to say here.");
        LockedThreadUrl = locked.GetProperty("url").GetString()!;
        await PostAsync(member, locked.GetProperty("id").GetInt64(), "The last word before the lock.");
        await _api.SendAsync(HttpMethod.Post, $"/api/moderation/threads/{locked.GetProperty("id").GetInt64()}/lock", moderator,
            new { reason = "Finished" }, HttpStatusCode.NoContent);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<long> PostAsync(ApiMember author, long threadId, string body, long? parentId = null) =>
        (await _api.PostCommentAsync(author, threadId, body, parentId)).GetProperty("id").GetInt64();
}
