using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Web.Hubs;
using ForumApp.Realtime;
using ForumApp.Tests.Comments;
using ForumApp.Tests.Realtime;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using ApiMember = ForumApp.Tests.Comments.ApiMember;

namespace ForumApp.Tests.Integration;

/// <summary>
/// Unknown and malformed ids on every id route of the API, the pages and the hub: a 400 or 404 that says
/// so, never a 500, and a hub connection that stays usable. (Moderation routes have their own theory.)
/// </summary>
public sealed class BadIdTests(CommentsApiFixture forum) : IClassFixture<CommentsApiFixture>
{
    private static readonly string[] BadIds = ["999999", "abc", "-1", "0", "9223372036854775808", "1.5", "%20"];

    private static readonly (string Method, string Route)[] IdRoutes =
    [
        ("GET", "/api/threads/{id}"),
        ("GET", "/api/threads/{id}/events?after=0"),
        ("POST", "/api/threads/{id}/comments"),
        ("PUT", "/api/threads/1/comments/{id}"),
        ("DELETE", "/api/threads/1/comments/{id}"),
        ("PUT", "/api/threads/{id}/comments/1"),
        ("DELETE", "/api/threads/{id}/comments/1"),
        ("POST", "/api/comments/{id}/reports"),
    ];

    public static TheoryData<string, string, string> ApiCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, route) in IdRoutes)
        {
            foreach (var id in BadIds)
            {
                data.Add(method, route, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task EveryApiIdRouteAnswersBadIdsWithAProblemNotA500(string method, string route, string id)
    {
        using var member = await ApiMember.RegisterAsync(forum.App);
        using var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", id, StringComparison.Ordinal));
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { parentId = (long?)null, body = "a body", reason = "a reason" });
        }

        using var response = await member.Client.SendAsync(request);

        var expected = id == "999999" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {request.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}:\n{text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnEmptyIdIsNotFoundAsAProblem()
    {
        using var client = forum.App.CreateClient();

        using var response = await client.GetAsync("/api/threads//events?after=0");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/t/999999")]
    [InlineData("/t/abc")]
    [InlineData("/t/-1")]
    [InlineData("/t/0")]
    [InlineData("/t/9223372036854775808")]
    [InlineData("/t/999999/some-slug")]
    [InlineData("/t/999999/some-slug/c/1")]
    [InlineData("/t/1/slug/c/abc")]
    [InlineData("/t/1/slug/c/9223372036854775808")]
    public async Task PagesWithBadIdsAreNotFoundPages(string url)
    {
        using var client = forum.App.CreateClient();

        using var response = await client.GetAsync(url);

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {url} answered {(int)response.StatusCode}:\n{html}");
        Assert.Contains("not found", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HubMethodsAnswerBadIdsWithAStatusAndTheConnectionStaysUsable()
    {
        using var member = await ApiMember.RegisterAsync(forum.App);
        var token = member.Client.DefaultRequestHeaders.Authorization!.Parameter!;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(forum.App.Server.BaseAddress, ThreadsHub.Path), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => forum.App.Server.CreateHandler();
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await hub.StartAsync();
        var threadId = await member.StartThreadAsync();

        await HubErrors.AssertFailsWithAsync("404: ", () => hub.InvokeAsync<JsonElement>("JoinThread", 999999L, 0L));
        await HubErrors.AssertFailsWithAsync("400: ", () => hub.InvokeAsync<JsonElement>("JoinThread", -1L, 0L));
        await HubErrors.AssertFailsWithAsync("400: ", () => hub.InvokeAsync<JsonElement>("JoinThread", 0L, 0L));
        await HubErrors.AssertFailsWithAsync("400: ", () => hub.InvokeAsync<JsonElement>("JoinThread", threadId, -1L));
        await HubErrors.AssertFailsWithAsync("404: ", () => hub.InvokeAsync<JsonElement>("PostComment", 999999L, null, "a body", null));
        await HubErrors.AssertFailsWithAsync("404: ", () => hub.InvokeAsync<JsonElement>("PostComment", -1L, null, "a body", null));
        await HubErrors.AssertFailsWithAsync("400: ", () => hub.InvokeAsync<JsonElement>("PostComment", threadId, 999999L, "a body", null));
        await HubErrors.AssertFailsWithAsync("409: ", () => hub.InvokeAsync("Typing", 999999L));
        await hub.InvokeAsync("LeaveThread", 999999L);

        // Arguments of the wrong type never reach the hub; SignalR refuses them and keeps the connection.
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("JoinThread", "abc", 0L));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("JoinThread", "9223372036854775808", 0L));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("PostComment", threadId, "abc", "a body", null));

        Assert.Equal(HubConnectionState.Connected, hub.State);
        var joined = await hub.InvokeAsync<JsonElement>("JoinThread", threadId, 0L);
        Assert.Equal(JsonValueKind.Array, joined.ValueKind);
    }
}
