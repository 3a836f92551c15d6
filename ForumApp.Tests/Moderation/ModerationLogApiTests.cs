using System.Net;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>The moderation log through the API: the entries it keeps and the filters that narrow them.</summary>
[Collection(ModerationApiTest.Collection)]
public sealed class ModerationLogApiTests(ModerationForum forum) : ModerationApiTest(forum)
{
    [Fact]
    public async Task EveryLogFilterNarrowsTheResults()
    {
        var secondModerator = await Forum.RegisterModeratorAsync();
        var member = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(member);
        var otherThreadId = await Forum.StartThreadAsync(member);
        var commentId = await Forum.CommentAsync(member, threadId, "to be removed");

        Forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/lock", Moderator, new { reason = "one" })).Expect(HttpStatusCode.NoContent);
        Forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await Forum.PostAsync($"/api/moderation/threads/{threadId}/unlock", secondModerator)).Expect(HttpStatusCode.NoContent);
        Forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await Forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = "three", includeReplies = false })).Expect(HttpStatusCode.OK);
        Forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await Forum.PostAsync($"/api/moderation/threads/{otherThreadId}/lock", secondModerator, new { reason = "four" })).Expect(HttpStatusCode.NoContent);

        var all = await LogAsync("");
        Assert.All(all, e => ApiJson.AssertHasFields(e, LogFields, "log entry"));
        var ours = all.Where(e => ApiJson.GetNullableInt64(e, "threadId") is { } t && (t == threadId || t == otherThreadId)).ToList();
        Assert.Equal(["lock-thread", "remove-comment", "unlock-thread", "lock-thread"], ours.Select(e => e.GetProperty("action").GetString()));
        var at = ours.Select(e => ApiJson.GetUtc(e, "at")).Reverse().ToList();
        Assert.Equal(at.Order(), at);

        var byModerator = await LogAsync($"moderator={secondModerator.Id}");
        Assert.Equal(["lock-thread", "unlock-thread"], byModerator.Select(e => e.GetProperty("action").GetString()));
        Assert.All(byModerator, e => Assert.Equal(secondModerator.DisplayName, e.GetProperty("moderator").GetString()));

        var byMember = await LogAsync($"member={member.Id}");
        Assert.Equal(4, byMember.Count);
        Assert.All(byMember, e => Assert.Equal(member.DisplayName, e.GetProperty("member").GetString()));
        Assert.True(byMember.Count < all.Count, "The member filter should leave out other members' entries.");

        var byThread = await LogAsync($"thread={threadId}");
        Assert.Equal(["remove-comment", "unlock-thread", "lock-thread"], byThread.Select(e => e.GetProperty("action").GetString()));

        var byAction = await LogAsync("action=lock-thread");
        Assert.All(byAction, e => Assert.Equal("lock-thread", e.GetProperty("action").GetString()));
        Assert.Equal([otherThreadId, threadId], byAction.Take(2).Select(e => e.GetProperty("threadId").GetInt64()));
        Assert.True(byAction.Count < all.Count, "The action filter should leave out other actions.");

        var unlockedAt = Uri.EscapeDataString(ours[2].GetProperty("at").GetString()!);
        var removedAt = Uri.EscapeDataString(ours[1].GetProperty("at").GetString()!);
        var fromUnlock = await LogAsync($"from={unlockedAt}");
        Assert.Equal(["lock-thread", "remove-comment", "unlock-thread"], fromUnlock.Select(e => e.GetProperty("action").GetString()));
        var toUnlock = await LogAsync($"to={unlockedAt}&thread={threadId}");
        Assert.Equal(["unlock-thread", "lock-thread"], toUnlock.Select(e => e.GetProperty("action").GetString()));
        var window = await LogAsync($"from={unlockedAt}&to={removedAt}");
        Assert.Equal(["remove-comment", "unlock-thread"], window.Select(e => e.GetProperty("action").GetString()));
        Assert.Single(await LogAsync($"thread={threadId}&action=unlock-thread&moderator={secondModerator.Id}"));
    }

    [Theory]
    [InlineData("moderator", "abc")]
    [InlineData("member", "-3")]
    [InlineData("thread", "1.5")]
    [InlineData("from", "yesterday")]
    [InlineData("to", "31/12/2031")]
    public async Task MalformedLogFilterIsAFieldError(string field, string value)
    {
        (await Forum.GetAsync($"/api/moderation/log?{field}={Uri.EscapeDataString(value)}", Moderator)).ExpectFieldError(field);
    }
}
