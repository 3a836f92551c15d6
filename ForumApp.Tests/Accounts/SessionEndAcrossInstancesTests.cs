using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ForumApp.Features.Accounts;
using ForumApp.Tests.Realtime;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForumApp.Tests.Accounts;

/// <summary>A token family remembered as standing on one instance is forgotten when another instance ends its sessions.</summary>
public sealed class SessionEndAcrossInstancesTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task AnAccessTokenRememberedOnOneInstanceIsRefusedThereOnceAnotherInstanceEndsItsSessions()
    {
        await redis.StartAsync();

        // B's memory of standing families never expires by itself, so only the notice from A can make B ask the database again.
        await using var instances = await TwoForumInstances.StartAsync(redis, TimeSpan.FromHours(1), b => b.WithServices(
            services => services.AddSingleton(new StandingTokenFamilies(new StoppedTimestamps()))));
        var member = await instances.ApiA.RegisterMemberAsync();
        using var onB = new HttpClient { BaseAddress = instances.ServerB };
        Assert.Equal(HttpStatusCode.BadRequest, await PostEmptyThreadAsync(onB, member.AccessToken));
        Assert.True(instances.AppB.GetService<StandingTokenFamilies>().IsStanding(member.Id, FamilyOf(member.AccessToken, instances)));

        using (var scope = instances.AppA.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<BearerSessions>().EndAllAsync(member.Id);
        }

        await Eventually.Until(
            () => PostEmptyThreadAsync(onB, member.AccessToken),
            status => status == HttpStatusCode.Unauthorized,
            "B refuses the token once A's notice that the sessions ended arrives");
    }

    private static async Task<HttpStatusCode> PostEmptyThreadAsync(HttpClient client, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/threads") { Content = JsonContent.Create(new { title = "", body = "" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The family claim the access token carries, read the way the app reads it.</summary>
    private static string FamilyOf(string accessToken, TwoForumInstances instances)
    {
        var options = instances.AppB.GetService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var ticket = options.BearerTokenProtector.Unprotect(accessToken)
            ?? throw new InvalidOperationException("B cannot read the access token.");
        return ticket.Principal.FindFirst(BearerSessions.FamilyClaim)?.Value
            ?? throw new InvalidOperationException("The access token carries no token family.");
    }

    /// <summary>A monotonic clock that never moves: a remembered family stays remembered until it is forgotten.</summary>
    private sealed class StoppedTimestamps : TimeProvider
    {
        public override long GetTimestamp() => 1_000_000;
    }
}
