using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using ForumApp.Data;
using ForumApp.Tests.Moderation;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Security;

/// <summary>What one batch of vectors left behind: the records the API answered with, by vector name, and the pages that show them.</summary>
public sealed record HostileBatch(
    IReadOnlyList<XssVector> Vectors,
    IReadOnlyDictionary<string, JsonElement> Records,
    IReadOnlyDictionary<string, IDocument> Pages);

/// <summary>
/// One app for the stored-XSS tests, written to through the public API and read back as the server-rendered pages
/// an anonymous visitor gets. Limits are out of the way (new accounts may post any number of links), an admin comes
/// from <c>Forum:AdminEmails</c> and appoints the moderator. Each batch of vectors is written once, on first use,
/// into threads of its own, so every test case reads the same pages whatever order the cases run in.
/// </summary>
public sealed class StoredXssForum : IAsyncLifetime
{
    /// <summary>A thread page prerenders one screen of 25 comments: a batch fills at most that.</summary>
    public const int BatchSize = 25;

    public const string Password = ForumApiClient.Password;

    private ForumApiClient _api = null!;

    private readonly string _adminEmail = $"admin-{Guid.NewGuid():N}@example.test";
    private readonly ConcurrentDictionary<(string Place, int Batch), Lazy<Task<HostileBatch>>> _batches = new();

    public StoredXssForum()
    {
        App = new ForumAppFactory()
            .WithHighLimits()
            .WithSetting("Forum:RateLimits:NewAccountMaxLinks", "1000")
            .WithSetting("Forum:RateLimits:NewAccountAge", "00:00:00")
            .WithSetting("Forum:AdminEmails:0", _adminEmail)
            .WithSetting("Forum:DemoAccounts", "false");
    }

    public ForumAppFactory App { get; }

    /// <summary>An anonymous visitor's client; API calls add a member's token per request.</summary>
    public HttpClient Visitor { get; private set; } = null!;

    public ApiMember Author { get; private set; } = null!;

    public ApiMember Moderator { get; private set; } = null!;

    /// <summary>What a thread page holds that the app puts there itself: its scripts, import map, base element and styles.</summary>
    public IReadOnlySet<string> ThreadPageBaseline { get; private set; } = null!;

    public IReadOnlySet<string> HomePageBaseline { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // No cookie jar: pages are read as a visitor who never signed in, and the API is called with bearer tokens only.
        Visitor = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        _api = new ForumApiClient(Visitor);
        var admin = await RegisterAsync("admin", _adminEmail);
        Author = await RegisterAsync("author");
        Moderator = await RegisterAsync("moderator");
        (await SendAsync(HttpMethod.Post, $"/api/admin/users/{Moderator.Id}/roles", admin, new { role = "moderator", grant = true }))
            .Expect(HttpStatusCode.NoContent);

        // The baselines come from the same pages holding only harmless text: a link, a removed comment, an edit.
        var threadId = (await StartThreadAsync("An ordinary thread", "Some **bold** words and [a link](https://example.com).")).GetProperty("id").GetInt64();
        var kept = await CommentAsync(threadId, "A reply with <https://example.com/page> in it.");
        await EditAsync(threadId, kept.GetProperty("id").GetInt64(), "An edited reply with https://example.com in it.");
        await RemoveAsync((await CommentAsync(threadId, "Something rude")).GetProperty("id").GetInt64(), "Rudeness");
        ThreadPageBaseline = ExecutableContent.SignaturesOf(await GetPageAsync($"/t/{threadId}"));
        HomePageBaseline = ExecutableContent.SignaturesOf(await GetPageAsync("/"));
    }

    public async Task DisposeAsync()
    {
        // The API client owns the visitor's HttpClient.
        _api?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>The batch for <paramref name="place"/>, written by <paramref name="write"/> the first time it is asked for.</summary>
    public Task<HostileBatch> BatchAsync(string place, int batch, Func<IReadOnlyList<XssVector>, Task<HostileBatch>> write) =>
        _batches.GetOrAdd((place, batch), _ => new Lazy<Task<HostileBatch>>(() => write(XssVectors.Batches(BatchSize)[batch]))).Value;

    public async Task<IDocument> GetPageAsync(string url)
    {
        using var response = await Visitor.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}:\n{html}");
        return ExecutableContent.Parse(html);
    }

    public Task<ApiMember> RegisterAsync(string prefix, string? email = null) => _api.RegisterMemberAsync(email: email, prefix: prefix);

    public Task<ApiMember> LogInAsync(long id, string displayName, string email) => _api.LogInAsync(id, displayName, email);

    /// <summary>Starts a thread and returns the API's answer: its id, title, slug and url.</summary>
    public Task<JsonElement> StartThreadAsync(string title, string body, ApiMember? author = null) =>
        _api.StartThreadAsync(author ?? Author, title, body);

    public Task<JsonElement> CommentAsync(long threadId, string body, ApiMember? author = null) =>
        _api.PostCommentAsync(author ?? Author, threadId, body);

    public Task<JsonElement> EditAsync(long threadId, long commentId, string body) =>
        _api.EditCommentAsync(Author, threadId, commentId, body);

    public async Task RemoveAsync(long commentId, string reason) =>
        (await SendAsync(HttpMethod.Post, $"/api/moderation/comments/{commentId}/remove", Moderator, new { reason, includeReplies = false }))
            .Expect(HttpStatusCode.OK);

    /// <summary>Stores a comment's HTML as given, the way a broken renderer would: only to prove the checks can fail.</summary>
    public async Task OverwriteBodyHtmlAsync(long commentId, string html)
    {
        await using var db = await App.GetService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Comments.Where(c => c.Id == commentId).ExecuteUpdateAsync(s => s.SetProperty(c => c.BodyHtml, html)));
    }

    public Task<ApiResponse> SendAsync(HttpMethod method, string url, ApiMember? member, object? body = null) =>
        ApiResponse.SendAsync(Visitor, method, url, member, body);
}
