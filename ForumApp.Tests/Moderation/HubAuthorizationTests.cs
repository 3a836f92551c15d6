using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Moderation;

/// <summary>Posting through the hub is allowed to exactly the matrix's posters.</summary>
[Collection(AuthorizationMatrix.Collection)]
public sealed class HubAuthorizationTests(AuthorizationMatrixFixture fixture) : AuthorizationMatrixTest(fixture)
{
    [Theory]
    [MemberData(nameof(AuthorizationMatrix.Posting), MemberType = typeof(AuthorizationMatrix))]
    public async Task HubPostCommentLetsOnlyTheRightActorsPost(Actor actor, Outcome expected)
    {
        var scene = await SetUpAsync(Act.PostComment, actor);
        if (actor == Actor.SuspendedMember)
        {
            // A suspended account's connection is refused as it opens, before it can call anything.
            var unchanged = await SnapshotAsync();
            var refusal = await ThreadsHubClient.RefusalAsync(Forum.Server, Fixture.Accounts[actor]?.AccessToken);
            Assert.Contains("403: This account is suspended", refusal, StringComparison.Ordinal);
            await AssertOutcomeAsync(Act.PostComment, actor, expected, scene, unchanged, "PostComment on the hub as a suspended member");
            return;
        }

        await using var hub = await ThreadsHubClient.ConnectAsync(Forum.Server, Fixture.Accounts[actor]?.AccessToken);
        var before = await SnapshotAsync();

        Task Post() => hub.PostCommentAsync(scene.ThreadId, scene.ParentId, NewCommentBody);
        switch (expected)
        {
            case Outcome.Unauthenticated:
                await HubErrors.AssertFailsWithAsync("401:", Post);
                break;
            case Outcome.Forbidden:
                await HubErrors.AssertFailsWithAsync("403:", Post);
                break;
            default:
                await Post();
                break;
        }

        await AssertOutcomeAsync(Act.PostComment, actor, expected, scene, before, $"PostComment on the hub as {actor}");
    }
}
