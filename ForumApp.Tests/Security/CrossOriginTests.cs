using System.Net;
using System.Net.Http.Json;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Realtime;
using ForumApp.Web.Hubs;
using ForumApp.Tests.Accounts;
using ForumApp.Tests.Comments;
using ApiMember = ForumApp.Tests.Comments.ApiMember;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Security;

/// <summary>
/// A page on another origin of the same site (another port) gets the sign-in cookie sent with its form
/// posts and WebSockets (SameSite=Lax only stops other sites). Such requests must be refused; the site's
/// own pages and bearer-token clients from anywhere keep working.
/// </summary>
public sealed class CrossOriginTests(AccountsAppFixture accounts) : IClassFixture<AccountsAppFixture>
{
    private const string OwnOrigin = "http://localhost";
    private const string OtherPort = "http://localhost:8081";

    [Fact]
    public async Task AFormFromAnotherPortCannotUnlockAThreadWithTheModeratorsCookie()
    {
        using var moderator = await CookieSession.StartAsync(accounts.App, ForumRoles.Moderator);
        var threadId = await LockedThreadAsync();
        using var client = RawClient();

        using var forged = moderator.Request(HttpMethod.Post, $"/api/moderation/threads/{threadId}/unlock", OtherPort,
            new FormUrlEncodedContent([]));
        using var refused = await client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(await IsLockedAsync(threadId));

        // The same cookie from the site's own page does unlock: the refusal was about the origin.
        using var own = moderator.Request(HttpMethod.Post, $"/api/moderation/threads/{threadId}/unlock", OwnOrigin);
        using var allowed = await client.SendAsync(own);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.False(await IsLockedAsync(threadId));
    }

    [Theory]
    [InlineData("same-site")]
    [InlineData("cross-site")]
    public async Task WithoutAnOriginHeaderTheFetchSiteHeaderDecides(string fetchSite)
    {
        using var moderator = await CookieSession.StartAsync(accounts.App, ForumRoles.Moderator);
        var threadId = await LockedThreadAsync();
        using var client = RawClient();

        using var forged = moderator.Request(HttpMethod.Post, $"/api/moderation/threads/{threadId}/unlock");
        forged.Headers.Add("Sec-Fetch-Site", fetchSite);
        using var refused = await client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(await IsLockedAsync(threadId));
    }

    [Theory]
    [InlineData("/hubs/threads/negotiate?negotiateVersion=1")]
    [InlineData("/_blazor/negotiate?negotiateVersion=1")]
    public async Task HubsRefuseToNegotiateWithTheCookieFromAnotherOrigin(string negotiate)
    {
        using var member = await CookieSession.StartAsync(accounts.App);
        using var client = RawClient();

        using var forged = await client.SendAsync(member.Request(HttpMethod.Post, negotiate, OtherPort));
        using var own = await client.SendAsync(member.Request(HttpMethod.Post, negotiate, OwnOrigin));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task AWebSocketFromAnotherOriginCannotOpenTheHubWithTheCookie()
    {
        using var member = await CookieSession.StartAsync(accounts.App);
        var sockets = accounts.App.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = request =>
        {
            request.Headers.Cookie = member.Cookie;
            request.Headers.Origin = OtherPort;
        };

        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            sockets.ConnectAsync(new Uri("ws://localhost" + ThreadsHub.Path), CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        sockets.ConfigureRequest = request =>
        {
            request.Headers.Cookie = member.Cookie;
            request.Headers.Origin = OwnOrigin;
        };
        using var own = await sockets.ConnectAsync(new Uri("ws://localhost" + ThreadsHub.Path), CancellationToken.None);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, own.State);
    }

    [Fact]
    public async Task BearerTokenClientsWorkFromAnyOrigin()
    {
        using var member = await ApiMember.RegisterAsync(accounts.App);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/threads")
        {
            Content = JsonContent.Create(new { title = "From a page elsewhere", body = "Sent with a token." }),
        };
        request.Headers.Add("Origin", "https://elsewhere.example");

        using var response = await member.Client.SendAsync(request);

        await AccountsAppFixture.ExpectAsync(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task JsonEndpointsRefuseFormBodies()
    {
        using var member = await ApiMember.RegisterAsync(accounts.App);
        var threadId = await member.StartThreadAsync();

        using var response = await member.Client.PostAsync($"/api/threads/{threadId}/comments",
            new FormUrlEncodedContent([new("body", "a comment sent as a form")]));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private HttpClient RawClient() =>
        accounts.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<long> LockedThreadAsync()
    {
        using var author = await ApiMember.RegisterAsync(accounts.App);
        var threadId = await author.StartThreadAsync();
        await using var scope = accounts.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Locked, true));
        return threadId;
    }

    private async Task<bool> IsLockedAsync(long threadId)
    {
        await using var scope = accounts.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        return await db.Threads.Where(t => t.Id == threadId).Select(t => t.Locked).SingleAsync();
    }
}
