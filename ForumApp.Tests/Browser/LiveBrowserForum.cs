using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Features.Accounts;
using ForumApp.Features.Threads;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.BrowserTests;

/// <summary>A member whose password the test knows, so a browser can sign in as them.</summary>
public sealed record BrowserMember(long Id, string DisplayName, string Email, string Password);

/// <summary>
/// One app on a real Kestrel port shared by a browser test class: the seed thread imported, the demo
/// accounts (among them a moderator) created, posting and registration limits out of the way and
/// presence sent often. Tests make their own members, so none depends on another.
/// </summary>
public sealed class LiveBrowserForum : IAsyncLifetime
{
    public const string Password = ForumApiClient.Password;

    private readonly ForumAppFactory _app = new ForumAppFactory()
        .WithHighLimits()
        .WithFastRealtime()
        .WithSetting("Forum:DemoAccounts", "true");

    private ForumApiClient _api = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public long SeedThreadId { get; private set; }

    public string SeedThreadUrl { get; private set; } = "";

    public static AccountBootstrap.DemoAccount DemoModerator { get; } =
        AccountBootstrap.DemoAccounts.Single(a => a.Roles.Contains(ForumRoles.Moderator));

    public async Task InitializeAsync()
    {
        BaseAddress = _app.StartOnKestrel();
        _api = new ForumApiClient(BaseAddress);
        var seed = Assert.Single(await _app.GetService<ThreadService>().ListAsync());
        SeedThreadId = seed.Id;
        SeedThreadUrl = ThreadService.UrlOf(seed.Id, seed.Slug);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>Registers through the accounts API, as any client may.</summary>
    public async Task<BrowserMember> RegisterMemberAsync(string prefix = "Reader")
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var member = await _api.RegisterMemberAsync($"{prefix} {suffix}", $"{prefix.ToLowerInvariant()}.{suffix}@example.test");
        return new BrowserMember(member.Id, member.DisplayName, member.Email, Password);
    }

    /// <summary>A member starts a thread through the API; returns its id and page address.</summary>
    public async Task<(long Id, string Url)> StartThreadAsync(BrowserMember author, string title)
    {
        var signedIn = await _api.LogInAsync(author.Id, author.DisplayName, author.Email, author.Password);
        var thread = await _api.StartThreadAsync(signedIn, title, "An article to talk about.");
        return (thread.GetProperty("id").GetInt64(), thread.GetProperty("url").GetString()!);
    }

    /// <summary>A member posts a comment through the API; returns its id.</summary>
    public async Task<long> PostCommentAsync(BrowserMember author, long threadId, string body, long? parentId = null)
    {
        var signedIn = await _api.LogInAsync(author.Id, author.DisplayName, author.Email, author.Password);
        return (await _api.PostCommentAsync(signedIn, threadId, body, parentId)).GetProperty("id").GetInt64();
    }

    /// <summary>The member's unread count for the thread, as the list API tells them.</summary>
    public async Task<int?> UnreadCountAsync(BrowserMember member, long threadId)
    {
        var signedIn = await _api.LogInAsync(member.Id, member.DisplayName, member.Email, member.Password);
        var list = await _api.SendAsync(HttpMethod.Get, "/api/threads", signedIn, null, HttpStatusCode.OK);
        var row = list.EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == threadId).GetProperty("unreadCount");
        return row.ValueKind == JsonValueKind.Null ? null : row.GetInt32();
    }

    /// <summary>The demo moderator pins a thread through the moderation API.</summary>
    public async Task PinAsync(long threadId)
    {
        var moderator = await _api.LogInAsync(0, DemoModerator.DisplayName, DemoModerator.Email, DemoModerator.Password);
        await _api.SendAsync(HttpMethod.Post, $"/api/moderation/threads/{threadId}/pin", moderator, null, HttpStatusCode.NoContent);
    }

    /// <summary>The demo moderator suspends a member through the moderation API, for a week.</summary>
    public async Task SuspendAsync(long memberId, string reason)
    {
        var moderator = await _api.LogInAsync(0, DemoModerator.DisplayName, DemoModerator.Email, DemoModerator.Password);
        var until = DateTime.UtcNow.AddDays(7);
        await _api.SendAsync(HttpMethod.Post, $"/api/moderation/users/{memberId}/suspend", moderator,
            new { until, reason, removeComments = "none", threadId = (long?)null }, HttpStatusCode.NoContent);
    }
}
