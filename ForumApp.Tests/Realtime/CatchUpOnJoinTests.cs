using ForumApp.Tests.TestInfrastructure;

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
        ForumAppFactory Configure(ForumAppFactory app) => app
            .WithHighLimits()
            .WithFastRealtime()
            .WithSetting("Forum:SequenceWatcher:CheckEvery", "00:00:02");

        await using var a = Configure(new ForumAppFactory());
        await using var b = Configure(new ForumAppFactory(a.DataFolder));
        try
        {
            var serverA = await Task.Run(a.StartOnKestrel);
            var serverB = await Task.Run(b.StartOnKestrel);
            using var apiA = new ForumApiClient(serverA);
            var member = await apiA.RegisterMemberAsync();

            await using var viewerOnB = await ThreadsHubClient.ConnectAsync(serverB);
            await viewerOnB.JoinThreadAsync(TwoForumInstances.SeedThreadId, TwoForumInstances.SeedEventCount);
            var posted = await apiA.PostCommentAsync(member, TwoForumInstances.SeedThreadId, "Committed on A the moment B's viewer joined.");
            var id = posted.GetProperty("id").GetInt64();

            var seen = await viewerOnB.WaitForEventAsync(e => e.Comment?.Id == id, "on B for the comment committed on A");
            Assert.Equal(TwoForumInstances.SeedEventCount + 1, seen.Seq);
        }
        finally
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
            TestFolders.TryDelete(a.DataFolder);
        }
    }
}
