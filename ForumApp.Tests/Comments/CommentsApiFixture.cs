using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Comments;

/// <summary>
/// One running app shared by the comment API tests. Posting and account limits are raised, so that each
/// test can register its own members and start its own threads without running into them.
/// </summary>
public sealed class CommentsApiFixture : IAsyncLifetime
{
    public ForumAppFactory App { get; } = new ForumAppFactory().WithHighLimits();

    public Task InitializeAsync()
    {
        // Starts the app (migrations, seed import) before the first test.
        using var client = App.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
    }

    public Task SetLockedAsync(long threadId, bool locked) =>
        App.GetService<IDbContextFactory<ForumDbContext>>().SetThreadLockedAsync(threadId, locked);
}

/// <summary>A registered, signed-in member: an HTTP client carrying their bearer token.</summary>
public sealed record ApiMember(long Id, string DisplayName, HttpClient Client) : IDisposable
{
    public static async Task<ApiMember> RegisterAsync(ForumAppFactory app)
    {
        using var api = app.CreateApiClient();
        var member = await api.RegisterMemberAsync(prefix: "Poster");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", member.AccessToken);
        return new ApiMember(member.Id, member.DisplayName, client);
    }

    /// <summary>Starts a thread of this member's and returns its id.</summary>
    public async Task<long> StartThreadAsync(string title = "A thread for testing comments")
    {
        using var response = await Client.PostAsJsonAsync("/api/threads", new { title, body = "What do you think?" });
        return (await ExpectAsync(response, HttpStatusCode.Created)).GetProperty("id").GetInt64();
    }

    public async Task<JsonElement> PostCommentAsync(long threadId, string body, long? parentId = null, string? clientRequestId = null)
    {
        using var response = await Client.PostAsJsonAsync($"/api/threads/{threadId}/comments", new { parentId, body, clientRequestId });
        return await ExpectAsync(response, HttpStatusCode.Created);
    }

    public void Dispose() => Client.Dispose();

    /// <summary>Asserts the status and returns the JSON body (or an empty object for an empty body).</summary>
    public static Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected) => ApiJson.ExpectAsync(response, expected);
}
