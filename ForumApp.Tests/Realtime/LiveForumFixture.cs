using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.Realtime;

/// <summary>
/// One app on Kestrel shared by a test class. Tests that write make a thread of their own, so the seed
/// thread (id 1, 19 posted events) stays exactly as imported and no test sees another's events.
/// </summary>
public sealed class LiveForumFixture : IAsyncLifetime
{
    public const long SeedThreadId = 1;
    public const int SeedEventCount = 19;

    public ForumAppFactory App { get; } = new ForumAppFactory().WithHighLimits().WithFastRealtime();

    public Uri Server { get; private set; } = null!;

    public ForumApiClient Api { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Server = App.StartOnKestrel();
        Api = App.CreateApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        await App.DisposeAsync();
    }

    public Task<ThreadsHubClient> ConnectAsync(ApiMember? member = null, ThreadsHubClient.TokenIn tokenIn = ThreadsHubClient.TokenIn.Query) =>
        App.ConnectHubAsync(member, tokenIn);

    /// <summary>A new member and a new, empty thread of theirs.</summary>
    public async Task<(ApiMember Member, long ThreadId)> NewMemberAndThreadAsync()
    {
        var member = await Api.RegisterMemberAsync();
        return (member, await Api.CreateThreadAsync(member));
    }

    /// <summary>Locks a thread straight in the database, the way a moderator's action leaves it.</summary>
    public Task LockThreadAsync(long threadId) => App.GetService<IDbContextFactory<ForumDbContext>>().SetThreadLockedAsync(threadId);
}
