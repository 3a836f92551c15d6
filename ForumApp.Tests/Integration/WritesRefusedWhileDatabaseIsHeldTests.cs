using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ForumApp.Web.Hubs;
using ForumApp.Data;
using ForumApp.Realtime;
using ForumApp.Tests.Comments;
using ApiMember = ForumApp.Tests.Comments.ApiMember;
using ForumApp.Tests.Realtime;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Integration;

/// <summary>
/// The whole app while another connection holds the SQLite file's write lock: readers still read, pages show
/// the banner, writes through the API and the hub are refused with 503 and store nothing, and everything
/// comes back by itself once the lock is released.
/// </summary>
public sealed class WritesRefusedWhileDatabaseIsHeldTests : IAsyncLifetime
{
    private ForumAppFactory _app = null!;
    private ForumAppFactory App => _app;

    public Task InitializeAsync()
    {
        var app = new ForumAppFactory().WithHighLimits();
        var databasePath = Path.Combine(app.DataFolder, "forum.db");

        // Writers give up on a held lock after about a second instead of the production five.
        app.WithSetting("ConnectionStrings:Forum", $"Data Source={databasePath};Default Timeout=1")
            .WithSetting("Database:BusyTimeoutMilliseconds", "50")
            .WithSetting("Database:ProbeEvery", "00:00:00.100")
            .WithSetting("Database:ProbeBusyTimeoutMilliseconds", "100");
        _app = app;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task WhileTheDatabaseIsHeldWritesAre503AndPagesSaySoThenAllRecovers()
    {
        using var member = await ApiMember.RegisterAsync(App);
        var threadId = await member.StartThreadAsync();
        var page = $"/t/{threadId}";
        using var reader = App.CreateClient();
        Assert.DoesNotContain("database-banner", await reader.GetStringAsync(page), StringComparison.Ordinal);
        await using var hub = await ConnectHubAsync(member);

        await using (await DatabaseLockHolder.TakeAsync(Path.Combine(App.DataFolder, "forum.db")))
        {
            await WaitForAvailabilityAsync(false);

            // Reading goes on: the thread page is served, with the banner.
            var html = await reader.GetStringAsync(page);
            Assert.Contains("data-testid=\"database-banner\"", html, StringComparison.Ordinal);

            using var refused = await member.Client.PostAsJsonAsync(
                $"/api/threads/{threadId}/comments", new { parentId = (long?)null, body = "Sent during the outage" });
            var problem = await ApiMember.ExpectAsync(refused, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("not answering", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Single(refused.Headers.GetValues("Retry-After"));

            var hubError = await HubErrors.AssertFailsWithAsync("503: ", () =>
                hub.InvokeAsync<JsonElement>("PostComment", threadId, (long?)null, "Sent through the hub during the outage", (string?)null));
            Assert.Contains("nothing was saved", hubError, StringComparison.Ordinal);
        }

        await WaitForAvailabilityAsync(true);
        Assert.DoesNotContain("database-banner", await reader.GetStringAsync(page), StringComparison.Ordinal);
        await using (var db = await App.GetService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(0, await db.Comments.CountAsync(c => c.ThreadId == threadId));
        }

        await member.PostCommentAsync(threadId, "Sent after the outage");
        var posted = await hub.InvokeAsync<JsonElement>("PostComment", threadId, (long?)null, "And through the hub", (string?)null);
        Assert.Equal("And through the hub", posted.GetProperty("body").GetString());
    }

    private async Task WaitForAvailabilityAsync(bool available)
    {
        var availability = App.GetService<DatabaseAvailability>();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = availability.Subscribe(state =>
        {
            if (state == available)
            {
                reached.TrySetResult();
            }
        });
        if (availability.IsAvailable != available)
        {
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private async Task<HubConnection> ConnectHubAsync(ApiMember member)
    {
        var token = member.Client.DefaultRequestHeaders.Authorization!.Parameter!;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(App.Server.BaseAddress, ThreadsHub.Path), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => App.Server.CreateHandler();
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(options => ForumApp.Web.WebSetup.ConfigureJson(options.PayloadSerializerOptions))
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
