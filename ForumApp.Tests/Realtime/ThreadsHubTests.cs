using System.Text.Json;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Realtime;

/// <summary>/hubs/threads against the running app over real WebSockets, checked against the "Live" contract.</summary>
public sealed class ThreadsHubTests(LiveForumFixture forum) : IClassFixture<LiveForumFixture>
{
    [Fact]
    public async Task JoiningTheSeedThreadFromZeroReplaysItsPostedEventsInOrder()
    {
        await using var viewer = await forum.ConnectAsync();

        var events = await viewer.JoinThreadAsync(LiveForumFixture.SeedThreadId, afterSeq: 0);

        Assert.Equal(LiveForumFixture.SeedEventCount, events.Count);
        Assert.Equal(Enumerable.Range(1, LiveForumFixture.SeedEventCount).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.All(events, e =>
        {
            Assert.Equal(LiveForumFixture.SeedThreadId, e.ThreadId);
            Assert.Equal("posted", e.Kind);
            Assert.NotNull(e.Comment);
            Assert.Equal(LiveForumFixture.SeedThreadId, e.Comment.ThreadId);
            Assert.False(string.IsNullOrEmpty(e.Comment.Body));
        });
        Assert.Equal(LiveForumFixture.SeedEventCount, events.Select(e => e.Comment!.Id).Distinct().Count());
    }

    [Fact]
    public async Task JoiningAfterTheLastSeqReturnsNothing()
    {
        await using var viewer = await forum.ConnectAsync();

        var events = await viewer.JoinThreadAsync(LiveForumFixture.SeedThreadId, afterSeq: LiveForumFixture.SeedEventCount);

        Assert.Empty(events);
    }

    [Fact]
    public async Task ThreadEventsTravelInTheContractShape()
    {
        var (member, threadId) = await forum.NewMemberAndThreadAsync();
        await using var viewer = await forum.ConnectAsync();

        var replay = await viewer.JoinThreadRawAsync(LiveForumFixture.SeedThreadId, afterSeq: 0);
        var first = replay.EnumerateArray().First();
        ApiJson.AssertHasFields(first, ApiJson.ThreadEventFields, "replayed thread event");
        Assert.Equal("posted", first.GetProperty("kind").GetString());

        Assert.Empty(await viewer.JoinThreadAsync(threadId, afterSeq: 0));
        var posted = await forum.Api.PostCommentAsync(member, threadId, "On the wire.");
        var pushed = await viewer.NextRawEventAsync();

        Assert.Equal(ApiJson.ThreadEventFields.Order(), pushed.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(threadId, pushed.GetProperty("threadId").GetInt64());
        Assert.Equal(posted.GetProperty("seq").GetInt64(), pushed.GetProperty("seq").GetInt64());
        Assert.Equal(JsonValueKind.String, pushed.GetProperty("kind").ValueKind);
        Assert.Equal("posted", pushed.GetProperty("kind").GetString());
        Assert.EndsWith("Z", pushed.GetProperty("at").GetString(), StringComparison.Ordinal);
        ApiJson.GetUtc(pushed, "at");
        var comment = pushed.GetProperty("comment");
        ApiJson.AssertHasFields(comment, ApiJson.CommentFields, "pushed comment");
        Assert.Equal(posted.GetProperty("id").GetInt64(), comment.GetProperty("id").GetInt64());
        Assert.Equal("On the wire.", comment.GetProperty("body").GetString());
        ApiJson.GetUtc(comment, "createdAt");
    }

    [Fact]
    public async Task WatcherSeesPostEditAndDeleteInOrderWithConsecutiveSeqs()
    {
        var (member, threadId) = await forum.NewMemberAndThreadAsync();
        await using var viewer = await forum.ConnectAsync();
        Assert.Empty(await viewer.JoinThreadAsync(threadId, afterSeq: 0));

        var posted = await forum.Api.PostCommentAsync(member, threadId, "First words.");
        var commentId = posted.GetProperty("id").GetInt64();
        var postedSeq = posted.GetProperty("seq").GetInt64();
        await forum.Api.EditCommentAsync(member, threadId, commentId, "Better words.");
        await forum.Api.DeleteCommentAsync(member, threadId, commentId);

        var postedEvent = await viewer.NextEventAsync();
        var editedEvent = await viewer.NextEventAsync();
        var deletedEvent = await viewer.NextEventAsync();

        Assert.Equal(["posted", "edited", "deleted"], new[] { postedEvent.Kind, editedEvent.Kind, deletedEvent.Kind });
        Assert.Equal([postedSeq, postedSeq + 1, postedSeq + 2], new[] { postedEvent.Seq, editedEvent.Seq, deletedEvent.Seq });
        Assert.All([postedEvent, editedEvent, deletedEvent], e =>
        {
            Assert.Equal(threadId, e.ThreadId);
            Assert.Equal(commentId, e.Comment?.Id);
            Assert.Equal(member.DisplayName, e.Comment?.Author);
        });

        Assert.Equal("First words.", postedEvent.Comment!.Body);
        Assert.Null(postedEvent.Comment.EditedAt);
        Assert.Equal("Better words.", editedEvent.Comment!.Body);
        Assert.NotNull(editedEvent.Comment.EditedAt);
        Assert.True(deletedEvent.Comment!.Deleted);
        Assert.Null(deletedEvent.Comment.Body);
        Assert.Null(deletedEvent.Comment.BodyHtml);
        Assert.Equal("author", deletedEvent.Comment.DeletedBy);
    }

    [Fact]
    public async Task RejoiningAfterTheLastSeenSeqReturnsExactlyWhatWasMissed()
    {
        var (member, threadId) = await forum.NewMemberAndThreadAsync();
        long lastSeen;
        await using (var viewer = await forum.ConnectAsync())
        {
            Assert.Empty(await viewer.JoinThreadAsync(threadId, afterSeq: 0));
            await forum.Api.PostCommentAsync(member, threadId, "Seen live, one.");
            await forum.Api.PostCommentAsync(member, threadId, "Seen live, two.");
            await viewer.NextEventAsync();
            lastSeen = (await viewer.NextEventAsync()).Seq;
        }

        var missed = new List<JsonElement>();
        for (var i = 1; i <= 5; i++)
        {
            missed.Add(await forum.Api.PostCommentAsync(member, threadId, $"Posted while away, {i}."));
        }

        await using var returning = await forum.ConnectAsync();
        var caughtUp = await returning.JoinThreadAsync(threadId, lastSeen);

        Assert.Equal(Enumerable.Range(1, 5).Select(i => lastSeen + i), caughtUp.Select(e => e.Seq));
        Assert.Equal(missed.Select(m => m.GetProperty("seq").GetInt64()), caughtUp.Select(e => e.Seq));
        Assert.Equal(missed.Select(m => m.GetProperty("id").GetInt64()), caughtUp.Select(e => e.Comment!.Id));
        Assert.All(caughtUp, e => Assert.Equal("posted", e.Kind));
    }

    [Fact]
    public async Task CommentPostedThroughTheHubReturnsItsSeqAndReachesEveryWatcher()
    {
        var (member, threadId) = await forum.NewMemberAndThreadAsync();
        await using var first = await forum.ConnectAsync();
        await using var second = await forum.ConnectAsync();
        await using var poster = await forum.ConnectAsync(member);
        Assert.Empty(await first.JoinThreadAsync(threadId, afterSeq: 0));
        Assert.Empty(await second.JoinThreadAsync(threadId, afterSeq: 0));
        Assert.Empty(await poster.JoinThreadAsync(threadId, afterSeq: 0));

        var posted = await poster.PostCommentAsync(threadId, parentId: null, "Sent over the socket.");

        Assert.Equal(1, posted.Seq);
        Assert.Equal(threadId, posted.ThreadId);
        Assert.Equal(member.Id, posted.AuthorId);
        Assert.Equal(member.DisplayName, posted.Author);
        Assert.Equal("Sent over the socket.", posted.Body);
        foreach (var watcher in new[] { first, second, poster })
        {
            var received = await watcher.NextEventAsync();
            Assert.Equal(posted.Seq, received.Seq);
            Assert.Equal("posted", received.Kind);
            Assert.Equal(posted.Id, received.Comment?.Id);
            Assert.Equal("Sent over the socket.", received.Comment?.Body);
        }
    }

    [Fact]
    public async Task RepeatingAClientRequestIdReturnsTheSameComment()
    {
        var (member, threadId) = await forum.NewMemberAndThreadAsync();
        await using var poster = await forum.ConnectAsync(member);
        var requestId = $"retry-{Guid.NewGuid():N}";

        var original = await poster.PostCommentAsync(threadId, parentId: null, "Only once, please.", requestId);
        var replayed = await poster.PostCommentAsync(threadId, parentId: null, "Only once, please.", requestId);

        Assert.Equal(original.Id, replayed.Id);
        Assert.Equal(original.Seq, replayed.Seq);
        var stored = await poster.JoinThreadAsync(threadId, afterSeq: 0);
        Assert.Equal(original.Id, Assert.Single(stored).Comment?.Id);
    }

    [Fact]
    public async Task PostingAnonymouslyFailsWith401()
    {
        await using var anonymous = await forum.ConnectAsync();

        await HubErrors.AssertFailsWithAsync("401: ", () => anonymous.PostCommentAsync(LiveForumFixture.SeedThreadId, null, "Who am I?"));
    }

    [Fact]
    public async Task PostingInALockedThreadFailsWith409()
    {
        var (member, threadId) = await forum.NewMemberAndThreadAsync();
        await forum.LockThreadAsync(threadId);
        await using var poster = await forum.ConnectAsync(member);

        var message = await HubErrors.AssertFailsWithAsync("409: ", () => poster.PostCommentAsync(threadId, null, "Too late."));

        Assert.Equal("409: This thread is locked.", message);
    }

    [Fact]
    public async Task PostingAnEmptyBodyFailsWith400()
    {
        var (member, threadId) = await forum.NewMemberAndThreadAsync();
        await using var poster = await forum.ConnectAsync(member);

        await HubErrors.AssertFailsWithAsync("400: ", () => poster.PostCommentAsync(threadId, null, "   "));
        await HubErrors.AssertFailsWithAsync("400: ", () => poster.PostCommentAsync(threadId, null, null));
    }

    [Fact]
    public async Task PostingTooFastFailsWith429AndSaysWhenToTryAgain()
    {
        await using var app = new ForumAppFactory()
            .WithHighLimits()
            .WithSetting("Forum:RateLimits:CommentsPerMinute", "2")
            .WithSetting("Forum:RateLimits:NewAccountCommentsPerMinute", "2");
        var server = app.StartOnKestrel();
        using var api = app.CreateApiClient();
        var member = await api.RegisterMemberAsync();
        await using var poster = await ThreadsHubClient.ConnectAsync(server, member.AccessToken);

        await poster.PostCommentAsync(LiveForumFixture.SeedThreadId, null, "One.");
        await poster.PostCommentAsync(LiveForumFixture.SeedThreadId, null, "Two.");
        var message = await HubErrors.AssertFailsWithAsync(
            "429: ", () => poster.PostCommentAsync(LiveForumFixture.SeedThreadId, null, "Three."));

        Assert.Contains("Try again in", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoiningAnUnknownThreadFailsWith404()
    {
        await using var viewer = await forum.ConnectAsync();

        await HubErrors.AssertFailsWithAsync("404: ", () => viewer.JoinThreadAsync(987_654_321, afterSeq: 0));
    }

    [Fact]
    public async Task JoiningWithANegativeAfterSeqFailsWith400()
    {
        await using var viewer = await forum.ConnectAsync();

        await HubErrors.AssertFailsWithAsync("400: ", () => viewer.JoinThreadAsync(LiveForumFixture.SeedThreadId, afterSeq: -1));
    }

    [Fact]
    public async Task EveryViewerOfAThreadCountsInPresenceUntilTheyLeaveOrDisconnect()
    {
        var (_, threadId) = await forum.NewMemberAndThreadAsync();
        await using var first = await forum.ConnectAsync();
        await first.JoinThreadAsync(threadId, afterSeq: 0);
        await first.WaitForPresenceAsync(p => p.ThreadId == threadId && p.Viewing == 1, "with one viewer");

        var second = await forum.ConnectAsync();
        try
        {
            await second.JoinThreadAsync(threadId, afterSeq: 0);
            var together = await first.WaitForPresenceAsync(p => p.ThreadId == threadId && p.Viewing >= 2, "with both viewers");
            Assert.Equal(2, together.Viewing);
            Assert.Empty(together.Replying);

            await second.LeaveThreadAsync(threadId);
            await first.WaitForPresenceAsync(p => p.ThreadId == threadId && p.Viewing == 1, "after the second viewer left");

            await second.JoinThreadAsync(threadId, afterSeq: 0);
            await first.WaitForPresenceAsync(p => p.ThreadId == threadId && p.Viewing == 2, "after the second viewer came back");
        }
        finally
        {
            await second.DisposeAsync();
        }

        await first.WaitForPresenceAsync(p => p.ThreadId == threadId && p.Viewing == 1, "after the second viewer disconnected");
    }

    [Fact]
    public async Task TypingShowsTheMemberAsReplyingUntilItExpires()
    {
        var (member, threadId) = await forum.NewMemberAndThreadAsync();
        await using var viewer = await forum.ConnectAsync();
        await viewer.JoinThreadAsync(threadId, afterSeq: 0);
        await using var writer = await forum.ConnectAsync(member, ThreadsHubClient.TokenIn.Provider);
        await writer.JoinThreadAsync(threadId, afterSeq: 0);

        await writer.TypingAsync(threadId);

        var replying = await viewer.WaitForPresenceAsync(
            p => p.ThreadId == threadId && p.Replying.Contains(member.DisplayName), $"naming {member.DisplayName} as replying");
        Assert.Equal([member.DisplayName], replying.Replying);
        Assert.Equal(2, replying.Viewing);
        var quiet = await viewer.WaitForPresenceAsync(
            p => p.ThreadId == threadId && !p.Replying.Contains(member.DisplayName), $"without {member.DisplayName} once replying expired");
        Assert.Empty(quiet.Replying);
    }

    [Fact]
    public async Task TypingAnonymouslyFailsWith401()
    {
        await using var anonymous = await forum.ConnectAsync();

        await HubErrors.AssertFailsWithAsync("401: ", () => anonymous.TypingAsync(LiveForumFixture.SeedThreadId));
    }
}
