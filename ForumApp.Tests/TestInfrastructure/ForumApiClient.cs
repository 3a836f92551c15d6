using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>A member as an outside client knows them: an id, a display name and a bearer token.</summary>
public sealed record ApiMember(long Id, string DisplayName, string Email, string AccessToken);

/// <summary>
/// Talks to a running app over real HTTP, the way an outside client does: registers and logs in
/// through the accounts API, and writes threads and comments with the bearer token.
/// </summary>
public sealed class ForumApiClient(HttpClient http) : IDisposable
{
    /// <summary>Every member a test registers has this password, so a browser can sign in as them.</summary>
    public const string Password = "a long enough test password";

    private static int _count;

    private readonly HttpClient _http = http;

    public ForumApiClient(Uri server)
        : this(new HttpClient { BaseAddress = server })
    {
    }

    /// <summary>
    /// Registers a new member through the accounts API (named <paramref name="displayName"/>, or after
    /// <paramref name="prefix"/> with a unique ending) and signs them in for a bearer token.
    /// </summary>
    public async Task<ApiMember> RegisterMemberAsync(string? displayName = null, string? email = null, string prefix = "member")
    {
        var n = Interlocked.Increment(ref _count);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var name = displayName ?? $"{prefix} {n} {suffix}";
        email ??= $"{prefix.Replace(' ', '-')}{n}.{suffix}@example.test";

        var registered = await SendAsync(HttpMethod.Post, "/api/auth/register", null, new { displayName = name, email, password = Password }, HttpStatusCode.Created);
        var signedIn = await SendAsync(HttpMethod.Post, "/api/auth/login", null, new { email, password = Password }, HttpStatusCode.OK);
        return new ApiMember(
            registered.GetProperty("id").GetInt64(),
            registered.GetProperty("displayName").GetString()!,
            email,
            signedIn.GetProperty("accessToken").GetString()!);
    }

    /// <summary>Signs a registered member in again: a fresh bearer token.</summary>
    public async Task<ApiMember> LogInAsync(long id, string displayName, string email, string password = Password)
    {
        var signedIn = await SendAsync(HttpMethod.Post, "/api/auth/login", null, new { email, password }, HttpStatusCode.OK);
        return new ApiMember(id, displayName, email, signedIn.GetProperty("accessToken").GetString()!);
    }

    public async Task<long> CreateThreadAsync(ApiMember author, string? title = null, string body = "A thread made for one test.") =>
        (await StartThreadAsync(author, title, body)).GetProperty("id").GetInt64();

    /// <summary>Starts a thread and returns the API's answer: its id, title, slug and url.</summary>
    public Task<JsonElement> StartThreadAsync(ApiMember author, string? title = null, string body = "A thread made for one test.") =>
        SendAsync(HttpMethod.Post, "/api/threads", author, new { title = title ?? $"Live thread {Guid.NewGuid():N}", body }, HttpStatusCode.Created);

    /// <summary>Posts a comment and returns the response: the comment plus the sequence number of its event.</summary>
    public Task<JsonElement> PostCommentAsync(ApiMember author, long threadId, string body, long? parentId = null, string? clientRequestId = null) =>
        SendAsync(HttpMethod.Post, $"/api/threads/{threadId}/comments", author, new { parentId, body, clientRequestId }, HttpStatusCode.Created);

    public Task<JsonElement> EditCommentAsync(ApiMember author, long threadId, long commentId, string body) =>
        SendAsync(HttpMethod.Put, $"/api/threads/{threadId}/comments/{commentId}", author, new { body }, HttpStatusCode.OK);

    public Task DeleteCommentAsync(ApiMember author, long threadId, long commentId) =>
        SendAsync(HttpMethod.Delete, $"/api/threads/{threadId}/comments/{commentId}", author, null, HttpStatusCode.NoContent);

    public void Dispose() => _http.Dispose();

    /// <summary>Sends a request as <paramref name="member"/> (or anonymously), asserts the status and returns the JSON body.</summary>
    public async Task<JsonElement> SendAsync(
        HttpMethod method, string url, ApiMember? member, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url);
        if (member is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", member.AccessToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == expected,
            $"{method} {url} answered {(int)response.StatusCode}, expected {(int)expected}:\n{text}");
        if (text.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
