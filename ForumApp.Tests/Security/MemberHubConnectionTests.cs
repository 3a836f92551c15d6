using System.Net;
using System.Net.Http.Json;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Realtime;
using ForumApp.Web.Hubs;
using ForumApp.Tests.Comments;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using ApiMember = ForumApp.Tests.Comments.ApiMember;

namespace ForumApp.Tests.Security;

/// <summary>
/// Signed-in connections to /hubs/threads are capped per account; a suspended account is refused, and a
/// suspension closes the member's open connections. Real WebSockets on Kestrel.
/// </summary>
public sealed class MemberHubConnectionTests
{
    [Fact]
    public async Task AMemberHoldsAtMostTheCapAndASuspensionClosesThemAll()
    {
        await using var app = new ForumAppFactory().WithHighLimits()
            .WithSetting("Forum:HubConnectionsPerMember", "2");
        var server = app.StartOnKestrel();
        using var member = await ApiMember.RegisterAsync(app);
        using var moderator = await ApiMember.RegisterAsync(app);
        await GrantAsync(app, moderator.Id, ForumRoles.Moderator);
        var token = member.Client.DefaultRequestHeaders.Authorization!.Parameter!;

        await using var first = await ConnectAsync(server, token);
        await using var second = await ConnectAsync(server, token);
        var firstClosed = ClosedSignal(first);
        var secondClosed = ClosedSignal(second);

        var refused = await ThreadsHubClient.RefusalAsync(server, token, ThreadsHubClient.TokenIn.Provider);
        Assert.Contains("429: Too many live connections for your account (at most 2)", refused, StringComparison.Ordinal);
        Assert.Equal(2, app.GetService<HubConnectionLimits>().OpenFor(member.Id));

        using (var suspended = await moderator.Client.PostAsJsonAsync($"/api/moderation/users/{member.Id}/suspend",
                   new { until = (DateTime?)null, reason = "Testing", removeComments = "none" }))
        {
            Assert.True(suspended.IsSuccessStatusCode, await suspended.Content.ReadAsStringAsync());
        }

        await firstClosed.WaitAsync(TimeSpan.FromSeconds(15));
        await secondClosed.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HubConnectionState.Disconnected, first.State);

        var refusedWhileSuspended = await ThreadsHubClient.RefusalAsync(server, token, ThreadsHubClient.TokenIn.Provider);
        Assert.Contains("403: This account is suspended", refusedWhileSuspended, StringComparison.Ordinal);
    }

    private static async Task GrantAsync(ForumAppFactory app, long userId, string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>();
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True((await users.AddToRoleAsync(user!, role)).Succeeded);
    }

    private static Task ClosedSignal(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    private static async Task<HubConnection> ConnectAsync(Uri server, string token)
    {
        var connection = Build(server, token);
        await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await connection.InvokeAsync("LeaveThread", 1L).WaitAsync(TimeSpan.FromSeconds(15));
        return connection;
    }

    private static HubConnection Build(Uri server, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, ThreadsHub.Path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
}
