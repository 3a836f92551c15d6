
namespace ForumApp.Tests.Realtime;

/// <summary>
/// Two instances on one database and a real redis-server: events and presence cross between them,
/// a Redis outage never stops local delivery, and the database fills what Redis dropped.
/// </summary>
public sealed class MultiInstanceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string EventChannel = "forumapp:events";

    /// <summary>Longer than any test here: only Redis can carry an event across.</summary>
    private static readonly TimeSpan WatcherOff = TimeSpan.FromHours(1);

    /// <summary>Fast enough that the database safety net shows within a test's patience.</summary>
    private static readonly TimeSpan WatcherFast = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task CommentPostedOnOneInstanceReachesAViewerOnTheOther()
    {
        await redis.StartAsync();
        await using var instances = await TwoForumInstances.StartAsync(redis, WatcherOff);
        await using var viewerOnB = await instances.ConnectToBAsync();
        Assert.Empty(await viewerOnB.JoinThreadAsync(TwoForumInstances.SeedThreadId, TwoForumInstances.SeedEventCount));
        var member = await instances.ApiA.RegisterMemberAsync();

        var posted = await instances.ApiA.PostCommentAsync(member, TwoForumInstances.SeedThreadId, "Hello from A.");

        var received = await viewerOnB.WaitForEventAsync(e => e.Comment?.Id == posted.GetProperty("id").GetInt64(), "for the comment posted on A");
        Assert.Equal("posted", received.Kind);
        Assert.Equal(posted.GetProperty("seq").GetInt64(), received.Seq);
        Assert.Equal("Hello from A.", received.Comment!.Body);
    }

    [Fact]
    public async Task AVoteOnOneInstanceReachesAViewerOnTheOtherAsScores()
    {
        await redis.StartAsync();
        await using var instances = await TwoForumInstances.StartAsync(redis, WatcherOff);
        await using var viewerOnB = await instances.ViewSeedThreadOnBAsync();
        var voter = await instances.ApiA.RegisterMemberAsync();
        var seedComment = (await instances.ApiA.SendAsync(HttpMethod.Get, $"/api/threads/{TwoForumInstances.SeedThreadId}", null, null, System.Net.HttpStatusCode.OK))
            .GetProperty("comments")[0].GetProperty("id").GetInt64();

        await instances.ApiA.SendAsync(HttpMethod.Put, $"/api/comments/{seedComment}/vote", voter, new { value = 1 }, System.Net.HttpStatusCode.OK);

        var scores = await viewerOnB.WaitForScoresAsync(
            s => s.GetProperty("scores").EnumerateArray().Any(e => e.GetProperty("commentId").GetInt64() == seedComment && e.GetProperty("score").GetInt32() == 1),
            "for the vote taken on A");
        Assert.Equal(TwoForumInstances.SeedThreadId, scores.GetProperty("threadId").GetInt64());
    }

    [Fact]
    public async Task EventsReachTheOtherInstancesViewersInTheOrderRedisCarriedThem()
    {
        await redis.StartAsync();
        await using var instances = await TwoForumInstances.StartAsync(redis, WatcherOff);
        await using var channel = await RedisChannelRecorder.StartAsync(redis.Configuration, EventChannel);
        await using var viewerOnB = await instances.ViewSeedThreadOnBAsync();
        var member = await instances.ApiA.RegisterMemberAsync();

        // Many writers at once, as on a busy thread: Redis then carries the events back to back.
        const int Comments = 60;
        await Task.WhenAll(Enumerable.Range(1, Comments).Select(i =>
            instances.ApiA.PostCommentAsync(member, TwoForumInstances.SeedThreadId, $"Burst {i}.")));

        var receivedOnB = new List<long>();
        while (receivedOnB.Count < Comments)
        {
            receivedOnB.Add((await viewerOnB.NextEventAsync()).Seq);
        }

        var carried = await channel.WaitForSeqsAsync(Comments);
        Assert.Equal(carried, receivedOnB);
    }

    [Fact]
    public async Task PresenceCountsViewersOnEveryInstance()
    {
        await redis.StartAsync();
        await using var instances = await TwoForumInstances.StartAsync(redis, WatcherOff);
        await using var viewerOnA = await instances.ViewSeedThreadOnAAsync();
        await using var viewerOnB = await instances.ViewSeedThreadOnBAsync();


        var seenOnB = await viewerOnB.WaitForPresenceAsync(p => p.Viewing >= 2, "on B counting the viewer on A");
        var seenOnA = await viewerOnA.WaitForPresenceAsync(p => p.Viewing >= 2, "on A counting the viewer on B");
        Assert.Equal(2, seenOnB.Viewing);
        Assert.Equal(2, seenOnA.Viewing);
    }

    [Fact]
    public async Task WhileRedisIsDownLocalViewersStayLiveAndOtherInstancesCatchUpFromTheDatabase()
    {
        await redis.StartAsync();
        await using var instances = await TwoForumInstances.StartAsync(redis, WatcherFast);
        await using var viewerOnA = await instances.ViewSeedThreadOnAAsync();
        await using var viewerOnB = await instances.ViewSeedThreadOnBAsync();
        var member = await instances.ApiA.RegisterMemberAsync();

        try
        {
            await redis.StopAsync();

            var postedWhileDown = new List<long>();
            for (var i = 1; i <= 3; i++)
            {
                var posted = await instances.ApiA.PostCommentAsync(member, TwoForumInstances.SeedThreadId, $"Posted while Redis is down, {i}.");
                postedWhileDown.Add(posted.GetProperty("id").GetInt64());
                await viewerOnA.WaitForEventAsync(e => e.Comment?.Id == postedWhileDown[^1], $"on A for local comment {i}");
            }

            foreach (var id in postedWhileDown)
            {
                await viewerOnB.WaitForEventAsync(e => e.Comment?.Id == id, $"on B for comment {id}, filled from the database");
            }
        }
        finally
        {
            await redis.StartAsync();
        }
    }

    [Fact]
    public async Task AfterRedisComesBackEventsCrossInstancesAgain()
    {
        await redis.StartAsync();
        await using var instances = await TwoForumInstances.StartAsync(redis, WatcherOff);
        await using var viewerOnA = await instances.ViewSeedThreadOnAAsync();
        await using var viewerOnB = await instances.ViewSeedThreadOnBAsync();
        var member = await instances.ApiA.RegisterMemberAsync();

        await redis.StopAsync();
        var duringOutage = await instances.ApiA.PostCommentAsync(member, TwoForumInstances.SeedThreadId, "Posted during the outage.");
        await viewerOnA.WaitForEventAsync(e => e.Comment?.Id == duringOutage.GetProperty("id").GetInt64(), "on A during the outage");
        await redis.StartAsync();

        // Each Redis client reconnects and resubscribes on its own schedule: post again until one crosses.
        await AssertCrossesAsync(instances.ApiA, member, viewerOnB, "from A to B");
        await AssertCrossesAsync(instances.ApiB, member, viewerOnA, "from B to A");
    }

    private static async Task AssertCrossesAsync(ForumApiClient poster, ApiMember member, ThreadsHubClient otherViewer, string direction)
    {
        var posted = new HashSet<long>();
        await Eventually.Until(
            async () =>
            {
                var comment = await poster.PostCommentAsync(member, TwoForumInstances.SeedThreadId, $"After Redis came back, {direction}, {posted.Count + 1}.");
                posted.Add(comment.GetProperty("id").GetInt64());
                var crossed = await otherViewer.TryWaitForEventAsync(e => e.Comment is { } c && posted.Contains(c.Id), TimeSpan.FromSeconds(2));
                return (Posted: posted.Count, Crossed: crossed is not null);
            },
            attempt => attempt.Crossed,
            $"A comment posted after Redis came back crosses {direction}",
            TimeSpan.FromSeconds(20));
    }
}
