
namespace ForumApp.Tests.Realtime;

/// <summary>
/// An instance that has only just been joined must still fill what it never heard: here two instances share
/// a database without Redis, so nothing committed on A is ever pushed to B, and only B's sequence watcher can
/// bring it. The watcher must count from what the joining client was given, not from whatever the database
/// holds when it first looks, or the comment posted right after the join is taken as already delivered.
/// </summary>
public sealed class CatchUpOnJoinTests
{
    [Fact]
    public async Task ACommentCommittedElsewhereRightAfterAClientJoinsIsFilledFromTheDatabase()
    {
        // No Redis: the only way the comment reaches B is B's sequence watcher reading the database.
        await using var instances = await TwoForumInstances.StartAsync(redis: null, TimeSpan.FromSeconds(2));
        var member = await instances.ApiA.RegisterMemberAsync();

        await using var viewerOnB = await instances.ViewSeedThreadOnBAsync();
        var posted = await instances.ApiA.PostCommentAsync(member, TwoForumInstances.SeedThreadId, "Committed on A the moment B's viewer joined.");
        var id = posted.GetProperty("id").GetInt64();

        var seen = await viewerOnB.WaitForEventAsync(e => e.Comment?.Id == id, "on B for the comment committed on A");
        Assert.Equal(TwoForumInstances.SeedEventCount + 1, seen.Seq);
    }
}
