using System.Net;
using System.Text.Json;
using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>
/// Every moderator action through the HTTP API with bearer tokens, checked where it shows: the public reads,
/// the thread's events, the moderation log and the database.
/// </summary>
public sealed class ModerationApiTests(ModerationForum forum) : IClassFixture<ModerationForum>
{
    private const long UnknownId = 987_654_321;

    private static readonly string[] ReportFields = ["id", "commentId", "threadId", "reporter", "reason", "createdAt", "status"];

    private static readonly string[] LogFields =
        ["id", "at", "moderator", "action", "targetType", "targetId", "member", "threadId", "reason", "removedText"];

    private ApiMember Moderator => forum.Moderator;

    // ---- Removing and restoring comments ----

    [Fact]
    public async Task RemovedCommentBecomesAModeratorTombstoneWithItsReasonAndKeepsItsReplies()
    {
        var author = await forum.RegisterAsync();
        var replier = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "Something that breaks the rules.");
        var replyId = await forum.CommentAsync(replier, threadId, "A fair answer.", commentId);
        var lastSeq = await LastSeqAsync(threadId);

        var removed = (await forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = "  Off topic  ", includeReplies = false }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal([commentId], removed.GetProperty("removedCommentIds").EnumerateArray().Select(e => e.GetInt64()));
        var thread = await ThreadAsync(threadId);
        var tombstone = CommentIn(thread, commentId);
        Assert.True(tombstone.GetProperty("deleted").GetBoolean());
        Assert.Equal("moderator", tombstone.GetProperty("deletedBy").GetString());
        Assert.Equal("Off topic", tombstone.GetProperty("reason").GetString());
        ApiJson.AssertNull(tombstone, "body");
        ApiJson.AssertNull(tombstone, "bodyHtml");
        Assert.Equal(1, tombstone.GetProperty("replyCount").GetInt32());
        var reply = CommentIn(thread, replyId);
        Assert.False(reply.GetProperty("deleted").GetBoolean());
        Assert.Equal("A fair answer.", reply.GetProperty("body").GetString());

        var stored = await forum.ReadAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Id == commentId));
        Assert.Equal(CommentState.RemovedByModerator, stored.State);
        Assert.Equal("Something that breaks the rules.", stored.Body);
        Assert.Equal(Moderator.Id, stored.DeletedById);
        Assert.NotNull(stored.RemovalBatchId);

        var threadEvent = Assert.Single(await EventsAsync(threadId, lastSeq));
        Assert.Equal("removed", threadEvent.GetProperty("kind").GetString());
        Assert.Equal(lastSeq + 1, threadEvent.GetProperty("seq").GetInt64());
        Assert.Equal(commentId, threadEvent.GetProperty("comment").GetProperty("id").GetInt64());
        ApiJson.AssertNull(threadEvent.GetProperty("comment"), "body");

        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        ApiJson.AssertHasFields(entry, LogFields, "log entry");
        Assert.Equal(Moderator.DisplayName, entry.GetProperty("moderator").GetString());
        Assert.Equal("remove-comment", entry.GetProperty("action").GetString());
        Assert.Equal("comment", entry.GetProperty("targetType").GetString());
        Assert.Equal(commentId, entry.GetProperty("targetId").GetInt64());
        Assert.Equal(author.DisplayName, entry.GetProperty("member").GetString());
        Assert.Equal(threadId, entry.GetProperty("threadId").GetInt64());
        Assert.Equal("Off topic", entry.GetProperty("reason").GetString());
        Assert.Equal("Something that breaks the rules.", entry.GetProperty("removedText").GetString());
        Assert.Equal(forum.Clock.UtcNow.UtcDateTime, ApiJson.GetUtc(entry, "at"));
    }

    [Fact]
    public async Task RemovingWithRepliesTakesTheWholeSubtreeAndRestoringAnyOfItBringsItAllBack()
    {
        var author = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var root = await forum.CommentAsync(author, threadId, "root");
        var a = await forum.CommentAsync(author, threadId, "a", root);
        var a1 = await forum.CommentAsync(author, threadId, "a1", a);
        var b = await forum.CommentAsync(author, threadId, "b", root);
        var sibling = await forum.CommentAsync(author, threadId, "sibling stays");
        var lastSeq = await LastSeqAsync(threadId);
        var countBefore = await CommentCountAsync(threadId);

        var removed = (await forum.PostAsync($"/api/moderation/comments/{root}/remove", Moderator, new { reason = "Flame war", includeReplies = true }))
            .Expect(HttpStatusCode.OK);

        long[] subtree = [root, a, a1, b];
        Assert.Equal(subtree, removed.GetProperty("removedCommentIds").EnumerateArray().Select(e => e.GetInt64()));
        var thread = await ThreadAsync(threadId);
        Assert.All(subtree, id =>
        {
            var comment = CommentIn(thread, id);
            Assert.Equal("moderator", comment.GetProperty("deletedBy").GetString());
            Assert.Equal("Flame war", comment.GetProperty("reason").GetString());
            ApiJson.AssertNull(comment, "body");
        });
        Assert.Equal("sibling stays", CommentIn(thread, sibling).GetProperty("body").GetString());
        Assert.Equal(countBefore - 4, await CommentCountAsync(threadId));

        var batches = await forum.ReadAsync(db => db.Comments.Where(c => subtree.Contains(c.Id)).Select(c => c.RemovalBatchId).ToListAsync());
        Assert.Single(batches.Distinct());
        Assert.NotNull(batches[0]);

        var removedEvents = await EventsAsync(threadId, lastSeq);
        Assert.Equal(Enumerable.Range(1, 4).Select(i => lastSeq + i), removedEvents.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.All(removedEvents, e => Assert.Equal("removed", e.GetProperty("kind").GetString()));
        Assert.Equal(subtree, removedEvents.Select(e => e.GetProperty("comment").GetProperty("id").GetInt64()));
        var logged = await LogAsync($"thread={threadId}&action=remove-comment");
        Assert.Equal(subtree.Order(), logged.Select(e => e.GetProperty("targetId").GetInt64()).Order());
        Assert.Equal(["root", "a", "a1", "b"], subtree.Select(id => logged.Single(e => e.GetProperty("targetId").GetInt64() == id).GetProperty("removedText").GetString()));

        // Restoring the deepest comment restores everything removed with it.
        var restored = (await forum.PostAsync($"/api/moderation/comments/{a1}/restore", Moderator)).Expect(HttpStatusCode.OK);

        Assert.Equal(subtree.Order(), restored.GetProperty("restoredCommentIds").EnumerateArray().Select(e => e.GetInt64()).Order());
        thread = await ThreadAsync(threadId);
        Assert.Equal(["root", "a", "a1", "b"], subtree.Select(id => CommentIn(thread, id).GetProperty("body").GetString()));
        Assert.All(subtree, id => Assert.False(CommentIn(thread, id).GetProperty("deleted").GetBoolean()));
        Assert.Equal(countBefore, await CommentCountAsync(threadId));
        var restoredEvents = await EventsAsync(threadId, lastSeq + 4);
        Assert.Equal(4, restoredEvents.Count);
        Assert.All(restoredEvents, e => Assert.Equal("restored", e.GetProperty("kind").GetString()));
        Assert.Equal(subtree.Order(), restoredEvents.Select(e => e.GetProperty("comment").GetProperty("id").GetInt64()).Order());
        Assert.All(await forum.ReadAsync(db => db.Comments.Where(c => subtree.Contains(c.Id)).ToListAsync()), c =>
        {
            Assert.Equal(CommentState.Visible, c.State);
            Assert.Null(c.RemovalBatchId);
            Assert.Null(c.Reason);
        });
        Assert.Equal(4, (await LogAsync($"thread={threadId}&action=restore-comment")).Count);
    }

    [Fact]
    public async Task RemovingTwiceOrRestoringAVisibleCommentIsAConflict()
    {
        var author = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "once");

        (await forum.PostAsync($"/api/moderation/comments/{commentId}/restore", Moderator)).Expect(HttpStatusCode.Conflict);
        (await forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = "r", includeReplies = false })).Expect(HttpStatusCode.OK);
        (await forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = "r", includeReplies = false })).Expect(HttpStatusCode.Conflict);

        Assert.Single(await LogAsync($"thread={threadId}"));
    }

    [Fact]
    public async Task TooLongAReasonIsAFieldErrorAndRemovesNothing()
    {
        var author = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "still here");

        (await forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = new string('x', 501), includeReplies = false }))
            .ExpectFieldError("reason");

        Assert.Equal("still here", CommentIn(await ThreadAsync(threadId), commentId).GetProperty("body").GetString());
        Assert.Empty(await LogAsync($"thread={threadId}"));
    }

    [Fact]
    public async Task ModeratorReadsRemovedTextAndRevisionsWhileThePublicReadShowsNoBody()
    {
        var author = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "first version");
        forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await forum.SendAsync(HttpMethod.Put, $"/api/threads/{threadId}/comments/{commentId}", author, new { body = "second version" })).Expect(HttpStatusCode.OK);
        (await forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = "Doxxing", includeReplies = false })).Expect(HttpStatusCode.OK);

        var moderated = (await forum.GetAsync($"/api/moderation/comments/{commentId}", Moderator)).Expect(HttpStatusCode.OK);

        Assert.Equal("second version", moderated.GetProperty("removedText").GetString());
        var revision = Assert.Single(moderated.GetProperty("revisions").EnumerateArray());
        Assert.Equal("first version", revision.GetProperty("body").GetString());
        var comment = moderated.TryGetProperty("comment", out var nested) ? nested : moderated;
        Assert.Equal(commentId, comment.GetProperty("id").GetInt64());
        Assert.Equal("moderator", comment.GetProperty("deletedBy").GetString());
        Assert.Equal("Doxxing", comment.GetProperty("reason").GetString());

        var publicComment = CommentIn(await ThreadAsync(threadId), commentId);
        ApiJson.AssertNull(publicComment, "body");
        ApiJson.AssertNull(publicComment, "bodyHtml");
        Assert.DoesNotContain("second version", (await forum.GetAsync($"/api/threads/{threadId}/events?after=0")).Text, StringComparison.Ordinal);
        (await forum.GetAsync($"/api/moderation/comments/{commentId}", author)).Expect(HttpStatusCode.Forbidden);
        (await forum.GetAsync($"/api/moderation/comments/{commentId}")).Expect(HttpStatusCode.Unauthorized);
    }

    // ---- Threads ----

    [Fact]
    public async Task LockedThreadRefusesCommentsAndEditsUntilItIsUnlocked()
    {
        var author = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "before the lock");
        var lastSeq = await LastSeqAsync(threadId);

        (await forum.PostAsync($"/api/moderation/threads/{threadId}/lock", Moderator, new { reason = "Cooling off" })).Expect(HttpStatusCode.NoContent);

        Assert.True((await ThreadAsync(threadId)).GetProperty("locked").GetBoolean());
        Assert.True((await forum.GetAsync("/api/threads")).Expect(HttpStatusCode.OK).EnumerateArray()
            .Single(t => t.GetProperty("id").GetInt64() == threadId).GetProperty("locked").GetBoolean());
        (await forum.PostAsync($"/api/threads/{threadId}/comments", author, new { parentId = (long?)null, body = "let me in" })).Expect(HttpStatusCode.Conflict);
        (await forum.SendAsync(HttpMethod.Put, $"/api/threads/{threadId}/comments/{commentId}", author, new { body = "changed" })).Expect(HttpStatusCode.Conflict);
        (await forum.PostAsync($"/api/moderation/threads/{threadId}/lock", Moderator, new { reason = "again" })).Expect(HttpStatusCode.Conflict);
        var locked = Assert.Single(await EventsAsync(threadId, lastSeq));
        Assert.Equal("locked", locked.GetProperty("kind").GetString());
        ApiJson.AssertNull(locked, "comment");
        var lockEntry = Assert.Single(await LogAsync($"thread={threadId}"));
        Assert.Equal(("lock-thread", "thread", threadId, "Cooling off", author.DisplayName), LogSummary(lockEntry));
        Assert.Equal(["before the lock"], (await ThreadAsync(threadId)).GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("body").GetString()));

        (await forum.PostAsync($"/api/moderation/threads/{threadId}/unlock", Moderator)).Expect(HttpStatusCode.NoContent);

        Assert.False((await ThreadAsync(threadId)).GetProperty("locked").GetBoolean());
        var unlocked = Assert.Single(await EventsAsync(threadId, lastSeq + 1));
        Assert.Equal("unlocked", unlocked.GetProperty("kind").GetString());
        ApiJson.AssertNull(unlocked, "comment");
        Assert.Single(await LogAsync($"thread={threadId}&action=unlock-thread"));
        await forum.CommentAsync(author, threadId, "after the lock");
        (await forum.SendAsync(HttpMethod.Put, $"/api/threads/{threadId}/comments/{commentId}", author, new { body = "changed" })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RemovedThreadIsNotFoundUntilRestored()
    {
        var author = await forum.RegisterAsync();
        var title = $"Soon gone {Guid.NewGuid():N}";
        var threadId = await forum.StartThreadAsync(author, title);
        await forum.CommentAsync(author, threadId, "a comment");

        (await forum.PostAsync($"/api/moderation/threads/{threadId}/remove", Moderator, new { reason = "Spam thread" })).Expect(HttpStatusCode.NoContent);

        (await forum.GetAsync($"/api/threads/{threadId}")).Expect(HttpStatusCode.NotFound);
        (await forum.GetAsync($"/api/threads/{threadId}/events?after=0")).Expect(HttpStatusCode.NotFound);
        Assert.DoesNotContain(threadId, (await forum.GetAsync("/api/threads")).Json.EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        (await forum.PostAsync($"/api/threads/{threadId}/comments", author, new { parentId = (long?)null, body = "anyone?" })).Expect(HttpStatusCode.NotFound);
        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        Assert.Equal(("remove-thread", "thread", threadId, "Spam thread", author.DisplayName), LogSummary(entry));
        Assert.Contains(title, entry.GetProperty("removedText").GetString(), StringComparison.Ordinal);

        (await forum.PostAsync($"/api/moderation/threads/{threadId}/restore", Moderator)).Expect(HttpStatusCode.NoContent);

        Assert.Equal(title, (await ThreadAsync(threadId)).GetProperty("title").GetString());
        Assert.Single(await LogAsync($"thread={threadId}&action=restore-thread"));
    }

    [Fact]
    public async Task ModeratorEditChangesTheThreadTitleAndBodyAndLogsTheOldWords()
    {
        var author = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author, "Original title here");

        (await forum.SendAsync(HttpMethod.Put, $"/api/moderation/threads/{threadId}", Moderator, new { title = "A better title", body = "A *calmer* body." }))
            .Expect(HttpStatusCode.NoContent);

        var thread = await ThreadAsync(threadId);
        Assert.Equal("A better title", thread.GetProperty("title").GetString());
        Assert.Equal("a-better-title", thread.GetProperty("slug").GetString());
        Assert.Equal("A *calmer* body.", thread.GetProperty("body").GetString());
        Assert.Contains("<em>calmer</em>", thread.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        Assert.Equal("edit-thread", entry.GetProperty("action").GetString());
        Assert.Equal("Original title here\n\nSomething to talk about.", entry.GetProperty("removedText").GetString());

        (await forum.SendAsync(HttpMethod.Put, $"/api/moderation/threads/{threadId}", Moderator, new { title = "  ", body = "x" })).ExpectFieldError("title");
        Assert.Equal("A better title", (await ThreadAsync(threadId)).GetProperty("title").GetString());
    }

    // ---- Suspensions ----

    [Fact]
    public async Task SuspendedMemberCannotPostStartThreadsOrReportUntilUnsuspended()
    {
        var member = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(member);
        var commentId = await forum.CommentAsync(member, threadId, "my own words");
        var until = forum.Clock.UtcNow.UtcDateTime.AddDays(3);

        (await forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until, reason = "Cool down", removeComments = "none", threadId = (long?)null }))
            .Expect(HttpStatusCode.NoContent);

        Assert.Equal(until, await forum.ReadAsync(db => db.Users.Where(u => u.Id == member.Id).Select(u => u.SuspendedUntil).SingleAsync()));
        (await forum.PostAsync($"/api/threads/{threadId}/comments", member, new { parentId = (long?)null, body = "hello?" })).Expect(HttpStatusCode.Forbidden);
        (await forum.SendAsync(HttpMethod.Put, $"/api/threads/{threadId}/comments/{commentId}", member, new { body = "edited" })).Expect(HttpStatusCode.Forbidden);
        (await forum.PostAsync("/api/threads", member, new { title = "A new thread", body = "body" })).Expect(HttpStatusCode.Forbidden);
        (await forum.PostAsync($"/api/comments/{commentId}/reports", member, new { reason = "spam" })).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("my own words", CommentIn(await ThreadAsync(threadId), commentId).GetProperty("body").GetString());
        var suspended = Assert.Single(await LogAsync($"member={member.Id}"));
        Assert.Equal(("suspend-member", "member", member.Id, "Cool down", member.DisplayName), LogSummary(suspended));

        (await forum.PostAsync($"/api/moderation/users/{member.Id}/unsuspend", Moderator)).Expect(HttpStatusCode.NoContent);

        await forum.CommentAsync(member, threadId, "back again");
        Assert.Single(await LogAsync($"member={member.Id}&action=unsuspend-member"));
        (await forum.PostAsync($"/api/moderation/users/{member.Id}/unsuspend", Moderator)).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task SuspensionEndsByItselfOnceItsTimeHasPassed()
    {
        var member = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(member);
        var until = forum.Clock.UtcNow.UtcDateTime.AddSeconds(30);
        (await forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until, reason = "Short break", removeComments = "none" }))
            .Expect(HttpStatusCode.NoContent);
        (await forum.PostAsync($"/api/threads/{threadId}/comments", member, new { parentId = (long?)null, body = "too soon" })).Expect(HttpStatusCode.Forbidden);

        forum.Clock.Advance(TimeSpan.FromSeconds(31));

        await forum.CommentAsync(member, threadId, "on time");
    }

    [Fact]
    public async Task BanWithoutAnEndLastsUntilLifted()
    {
        var member = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(member);

        (await forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = (DateTime?)null, reason = "Spammer", removeComments = "none" }))
            .Expect(HttpStatusCode.NoContent);

        var storedUntil = await forum.ReadAsync(db => db.Users.Where(u => u.Id == member.Id).Select(u => u.SuspendedUntil).SingleAsync());
        Assert.NotNull(storedUntil);
        Assert.True(storedUntil.Value.Year >= 9999, $"A ban should never end, but ends at {storedUntil:O}.");
        (await forum.PostAsync($"/api/threads/{threadId}/comments", member, new { parentId = (long?)null, body = "let me" })).Expect(HttpStatusCode.Forbidden);

        (await forum.PostAsync($"/api/moderation/users/{member.Id}/unsuspend", Moderator)).Expect(HttpStatusCode.NoContent);

        await forum.CommentAsync(member, threadId, "reformed");
    }

    [Fact]
    public async Task SuspendingWithRemoveCommentsThreadRemovesTheirCommentsInThatThreadOnly()
    {
        var (member, other, here, elsewhere, mine, others, mineElsewhere) = await TwoThreadsWithCommentsAsync();
        var lastSeqElsewhere = await LastSeqAsync(elsewhere);
        var lastSeqHere = await LastSeqAsync(here);

        (await forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = (DateTime?)null, reason = "Raiding", removeComments = "thread", threadId = here }))
            .Expect(HttpStatusCode.NoContent);

        var thread = await ThreadAsync(here);
        Assert.All(mine, id =>
        {
            Assert.Equal("moderator", CommentIn(thread, id).GetProperty("deletedBy").GetString());
            Assert.Equal("Raiding", CommentIn(thread, id).GetProperty("reason").GetString());
        });
        Assert.All(others, id => Assert.False(CommentIn(thread, id).GetProperty("deleted").GetBoolean()));
        Assert.False(CommentIn(await ThreadAsync(elsewhere), mineElsewhere).GetProperty("deleted").GetBoolean());
        Assert.Empty(await EventsAsync(elsewhere, lastSeqElsewhere));
        var events = await EventsAsync(here, lastSeqHere);
        Assert.Equal(mine.Order(), events.Select(e => e.GetProperty("comment").GetProperty("id").GetInt64()).Order());
        Assert.All(events, e => Assert.Equal("removed", e.GetProperty("kind").GetString()));

        var removals = await LogAsync($"member={member.Id}&action=remove-comment");
        Assert.Equal(mine.Order(), removals.Select(e => e.GetProperty("targetId").GetInt64()).Order());
        Assert.All(removals, e => Assert.Equal(here, e.GetProperty("threadId").GetInt64()));
        Assert.Equal(["mine 1", "mine 2"], removals.Select(e => e.GetProperty("removedText").GetString()).Order());
        Assert.Single(await LogAsync($"member={member.Id}&action=suspend-member"));
        Assert.Empty(await LogAsync($"member={other.Id}"));
    }

    [Fact]
    public async Task SuspendingWithRemoveCommentsAllRemovesEveryCommentOfTheirsAndNoOneElses()
    {
        var (member, other, here, elsewhere, mine, others, mineElsewhere) = await TwoThreadsWithCommentsAsync();

        (await forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = (DateTime?)null, reason = "Spam everywhere", removeComments = "all" }))
            .Expect(HttpStatusCode.NoContent);

        var thread = await ThreadAsync(here);
        Assert.All(mine, id => Assert.Equal("moderator", CommentIn(thread, id).GetProperty("deletedBy").GetString()));
        Assert.All(others, id => Assert.False(CommentIn(thread, id).GetProperty("deleted").GetBoolean()));
        Assert.Equal("moderator", CommentIn(await ThreadAsync(elsewhere), mineElsewhere).GetProperty("deletedBy").GetString());
        var lastElsewhere = (await EventsAsync(elsewhere, 0))[^1];
        Assert.Equal(("removed", mineElsewhere), (lastElsewhere.GetProperty("kind").GetString(), lastElsewhere.GetProperty("comment").GetProperty("id").GetInt64()));

        var removals = await LogAsync($"member={member.Id}&action=remove-comment");
        Assert.Equal(mine.Append(mineElsewhere).Order(), removals.Select(e => e.GetProperty("targetId").GetInt64()).Order());
        Assert.All(removals, e => Assert.Equal("Spam everywhere", e.GetProperty("reason").GetString()));
        Assert.Equal(["elsewhere", "mine 1", "mine 2"], removals.Select(e => e.GetProperty("removedText").GetString()).Order());
        var storedOthers = await forum.ReadAsync(db => db.Comments.Where(c => c.AuthorId == other.Id).Select(c => c.State).ToListAsync());
        Assert.All(storedOthers, state => Assert.Equal(CommentState.Visible, state));
    }

    [Fact]
    public async Task UnknownRemoveCommentsScopeIsAFieldErrorAndSuspendsNobody()
    {
        var member = await forum.RegisterAsync();

        (await forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = (DateTime?)null, reason = "x", removeComments = "everything" }))
            .ExpectFieldError("removeComments");
        (await forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = (DateTime?)null, reason = "x", removeComments = "thread" }))
            .ExpectFieldError("threadId");
        (await forum.PostAsync($"/api/moderation/users/{member.Id}/suspend", Moderator, new { until = forum.Clock.UtcNow.UtcDateTime.AddMinutes(-1), reason = "x" }))
            .ExpectFieldError("until");

        Assert.Null(await forum.ReadAsync(db => db.Users.Where(u => u.Id == member.Id).Select(u => u.SuspendedUntil).SingleAsync()));
        Assert.Empty(await LogAsync($"member={member.Id}"));
    }

    [Fact]
    public async Task OnlyAnAdminSuspendsAModeratorAndNobodySuspendsAnAdminOrThemselves()
    {
        var otherModerator = await forum.RegisterModeratorAsync();
        var ban = new { until = (DateTime?)null, reason = "x", removeComments = "none" };

        (await forum.PostAsync($"/api/moderation/users/{otherModerator.Id}/suspend", Moderator, ban)).Expect(HttpStatusCode.Forbidden);
        (await forum.PostAsync($"/api/moderation/users/{forum.Admin.Id}/suspend", Moderator, ban)).Expect(HttpStatusCode.Forbidden);
        (await forum.PostAsync($"/api/moderation/users/{Moderator.Id}/suspend", Moderator, ban)).ExpectFieldError("id");
        Assert.Null(await forum.ReadAsync(db => db.Users.Where(u => u.Id == otherModerator.Id).Select(u => u.SuspendedUntil).SingleAsync()));

        (await forum.PostAsync($"/api/moderation/users/{otherModerator.Id}/suspend", forum.Admin, ban)).Expect(HttpStatusCode.NoContent);
        (await forum.PostAsync($"/api/moderation/users/{otherModerator.Id}/unsuspend", forum.Admin)).Expect(HttpStatusCode.NoContent);
    }

    // ---- Roles ----

    [Fact]
    public async Task AdminGrantsAndRevokesTheModeratorRole()
    {
        var member = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(member);
        (await forum.PostAsync($"/api/moderation/threads/{threadId}/lock", member, new { reason = "mine" })).Expect(HttpStatusCode.Forbidden);

        (await forum.PostAsync($"/api/admin/users/{member.Id}/roles", forum.Admin, new { role = "moderator", grant = true })).Expect(HttpStatusCode.NoContent);

        // The same token works at once: roles are read from the database on every action.
        (await forum.PostAsync($"/api/moderation/threads/{threadId}/lock", member, new { reason = "mine" })).Expect(HttpStatusCode.NoContent);
        var granted = Assert.Single(await LogAsync($"member={member.Id}&action=grant-moderator"));
        Assert.Equal(forum.Admin.DisplayName, granted.GetProperty("moderator").GetString());

        (await forum.PostAsync($"/api/admin/users/{member.Id}/roles", forum.Admin, new { role = "moderator", grant = false })).Expect(HttpStatusCode.NoContent);

        (await forum.PostAsync($"/api/moderation/threads/{threadId}/unlock", member)).Expect(HttpStatusCode.Forbidden);
        Assert.Single(await LogAsync($"member={member.Id}&action=revoke-moderator"));
        (await forum.PostAsync($"/api/admin/users/{member.Id}/roles", forum.Admin, new { role = "admin", grant = true })).ExpectFieldError("role");
        Assert.DoesNotContain("Admin", await RolesOfAsync(member.Id));
    }

    // ---- Reports ----

    [Fact]
    public async Task MemberReportsACommentOnceAndModeratorsSeeItOpen()
    {
        var author = await forum.RegisterAsync();
        var reporter = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "questionable");

        var created = (await forum.PostAsync($"/api/comments/{commentId}/reports", reporter, new { reason = " Insulting " })).Expect(HttpStatusCode.Created);

        ApiJson.AssertHasFields(created, ReportFields, "report");
        Assert.Equal("open", created.GetProperty("status").GetString());
        (await forum.PostAsync($"/api/comments/{commentId}/reports", reporter, new { reason = "Again" })).Expect(HttpStatusCode.Conflict);
        (await forum.PostAsync($"/api/comments/{commentId}/reports", reporter, new { reason = "  " })).ExpectFieldError("reason");

        var open = (await forum.GetAsync("/api/moderation/reports?status=open", Moderator)).Expect(HttpStatusCode.OK);
        var report = Assert.Single(open.EnumerateArray(), r => r.GetProperty("commentId").GetInt64() == commentId);
        Assert.Equal(ReportFields.Order(), report.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(created.GetProperty("id").GetInt64(), report.GetProperty("id").GetInt64());
        Assert.Equal(threadId, report.GetProperty("threadId").GetInt64());
        Assert.Equal(reporter.DisplayName, report.GetProperty("reporter").GetString());
        Assert.Equal("Insulting", report.GetProperty("reason").GetString());
        Assert.Equal(forum.Clock.UtcNow.UtcDateTime, ApiJson.GetUtc(report, "createdAt"));
        Assert.Equal("open", report.GetProperty("status").GetString());
        Assert.All(open.EnumerateArray(), r => Assert.Equal("open", r.GetProperty("status").GetString()));
        (await forum.GetAsync("/api/moderation/reports?status=pending", Moderator)).ExpectFieldError("status");
        (await forum.GetAsync("/api/moderation/reports?status=open", reporter)).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ResolvingAReportWithRemoveRemovesTheCommentAndClosesEveryReportOfIt()
    {
        var author = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "nasty words");
        var first = await ReportAsync(await forum.RegisterAsync(), commentId, "abuse");
        var second = await ReportAsync(await forum.RegisterAsync(), commentId, "abuse too");

        var resolved = (await forum.PostAsync($"/api/moderation/reports/{first}/resolve", Moderator, new { action = "remove", reason = "Abusive" }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal("actioned", resolved.GetProperty("status").GetString());
        var comment = CommentIn(await ThreadAsync(threadId), commentId);
        Assert.Equal("moderator", comment.GetProperty("deletedBy").GetString());
        Assert.Equal("Abusive", comment.GetProperty("reason").GetString());
        var open = (await forum.GetAsync("/api/moderation/reports?status=open", Moderator)).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(open.EnumerateArray(), r => r.GetProperty("commentId").GetInt64() == commentId);
        var actioned = (await forum.GetAsync("/api/moderation/reports?status=actioned", Moderator)).Expect(HttpStatusCode.OK);
        Assert.Equal([first, second], actioned.EnumerateArray().Where(r => r.GetProperty("commentId").GetInt64() == commentId).Select(r => r.GetProperty("id").GetInt64()).Order());
        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        Assert.Equal(("remove-comment", "comment", commentId, "Abusive", author.DisplayName), LogSummary(entry));
        Assert.Equal("nasty words", entry.GetProperty("removedText").GetString());
        (await forum.PostAsync($"/api/moderation/reports/{second}/resolve", Moderator, new { action = "dismiss" })).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task DismissingAReportClosesItAndLeavesTheComment()
    {
        var author = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "harmless");
        var reportId = await ReportAsync(await forum.RegisterAsync(), commentId, "I disagree");

        (await forum.PostAsync($"/api/moderation/reports/{reportId}/resolve", Moderator, new { action = "shrug" })).ExpectFieldError("action");
        var resolved = (await forum.PostAsync($"/api/moderation/reports/{reportId}/resolve", Moderator, new { action = "dismiss", reason = "Not against the rules" }))
            .Expect(HttpStatusCode.OK);

        Assert.Equal("dismissed", resolved.GetProperty("status").GetString());
        Assert.Equal("harmless", CommentIn(await ThreadAsync(threadId), commentId).GetProperty("body").GetString());
        var open = (await forum.GetAsync("/api/moderation/reports?status=open", Moderator)).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(open.EnumerateArray(), r => r.GetProperty("id").GetInt64() == reportId);
        var dismissed = (await forum.GetAsync("/api/moderation/reports?status=dismissed", Moderator)).Expect(HttpStatusCode.OK);
        Assert.Contains(dismissed.EnumerateArray(), r => r.GetProperty("id").GetInt64() == reportId);
        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        Assert.Equal(("dismiss-report", "report", reportId), (entry.GetProperty("action").GetString(), entry.GetProperty("targetType").GetString(), entry.GetProperty("targetId").GetInt64()));
        Assert.Equal("Not against the rules", entry.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task LogEntryOfADismissedReportIsFoundByTheMemberItNames()
    {
        var author = await forum.RegisterAsync();
        var reporter = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "harmless too");
        var reportId = await ReportAsync(reporter, commentId, "I disagree");
        (await forum.PostAsync($"/api/moderation/reports/{reportId}/resolve", Moderator, new { action = "dismiss" })).Expect(HttpStatusCode.OK);

        var entry = Assert.Single(await LogAsync($"thread={threadId}"));
        var named = entry.GetProperty("member").GetString();
        var namedId = named == reporter.DisplayName ? reporter.Id
            : named == author.DisplayName ? author.Id
            : throw new Xunit.Sdk.XunitException($"The entry names neither the reporter nor the author: {entry}");

        Assert.Contains(await LogAsync($"member={namedId}"), e => e.GetProperty("id").GetInt64() == entry.GetProperty("id").GetInt64());
    }

    // ---- The log ----

    [Fact]
    public async Task EveryLogFilterNarrowsTheResults()
    {
        var secondModerator = await forum.RegisterModeratorAsync();
        var member = await forum.RegisterAsync();
        var threadId = await forum.StartThreadAsync(member);
        var otherThreadId = await forum.StartThreadAsync(member);
        var commentId = await forum.CommentAsync(member, threadId, "to be removed");

        forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await forum.PostAsync($"/api/moderation/threads/{threadId}/lock", Moderator, new { reason = "one" })).Expect(HttpStatusCode.NoContent);
        forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await forum.PostAsync($"/api/moderation/threads/{threadId}/unlock", secondModerator)).Expect(HttpStatusCode.NoContent);
        forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = "three", includeReplies = false })).Expect(HttpStatusCode.OK);
        forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await forum.PostAsync($"/api/moderation/threads/{otherThreadId}/lock", secondModerator, new { reason = "four" })).Expect(HttpStatusCode.NoContent);

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
        (await forum.GetAsync($"/api/moderation/log?{field}={Uri.EscapeDataString(value)}", Moderator)).ExpectFieldError(field);
    }

    // ---- Ids ----

    public static TheoryData<string, string> MalformedIds()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes.Keys)
        {
            foreach (var id in new[] { "abc", "0", "-1", "99999999999999999999" })
            {
                data.Add(route, id);
            }
        }

        return data;
    }

    public static TheoryData<string> EveryRoute() => new(Routes.Keys);

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task MalformedIdIsAFieldErrorAndChangesNothing(string route, string id)
    {
        var logBefore = await forum.ReadAsync(db => db.ModerationLog.CountAsync());

        (await CallAsync(route, id)).ExpectFieldError("id");

        Assert.Equal(logBefore, await forum.ReadAsync(db => db.ModerationLog.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(EveryRoute))]
    public async Task UnknownIdIsNotFound(string route)
    {
        (await CallAsync(route, UnknownId.ToString(System.Globalization.CultureInfo.InvariantCulture))).Expect(HttpStatusCode.NotFound);
    }

    // Every moderation route that takes an id, with a body that is valid apart from the id. Called as the admin,
    // who may do all of them, so only the id decides the answer.
    private static readonly Dictionary<string, (HttpMethod Method, string Url, object? Body)> Routes = new()
    {
        ["remove comment"] = (HttpMethod.Post, "/api/moderation/comments/{0}/remove", new { reason = "r", includeReplies = true }),
        ["restore comment"] = (HttpMethod.Post, "/api/moderation/comments/{0}/restore", null),
        ["read removed comment"] = (HttpMethod.Get, "/api/moderation/comments/{0}", null),
        ["lock thread"] = (HttpMethod.Post, "/api/moderation/threads/{0}/lock", new { reason = "r" }),
        ["unlock thread"] = (HttpMethod.Post, "/api/moderation/threads/{0}/unlock", null),
        ["remove thread"] = (HttpMethod.Post, "/api/moderation/threads/{0}/remove", new { reason = "r" }),
        ["restore thread"] = (HttpMethod.Post, "/api/moderation/threads/{0}/restore", null),
        ["edit thread"] = (HttpMethod.Put, "/api/moderation/threads/{0}", new { title = "A fine title", body = "A fine body." }),
        ["suspend"] = (HttpMethod.Post, "/api/moderation/users/{0}/suspend", new { until = (DateTime?)null, reason = "r", removeComments = "none" }),
        ["unsuspend"] = (HttpMethod.Post, "/api/moderation/users/{0}/unsuspend", null),
        ["resolve report"] = (HttpMethod.Post, "/api/moderation/reports/{0}/resolve", new { action = "dismiss", reason = "r" }),
        ["report comment"] = (HttpMethod.Post, "/api/comments/{0}/reports", new { reason = "r" }),
        ["change roles"] = (HttpMethod.Post, "/api/admin/users/{0}/roles", new { role = "moderator", grant = true }),
    };

    private Task<ApiResponse> CallAsync(string route, string id)
    {
        var (method, url, body) = Routes[route];
        return forum.SendAsync(method, string.Format(System.Globalization.CultureInfo.InvariantCulture, url, id), forum.Admin, body);
    }

    // ---- Helpers ----

    private async Task<(ApiMember Member, ApiMember Other, long Here, long Elsewhere, long[] Mine, long[] Others, long MineElsewhere)> TwoThreadsWithCommentsAsync()
    {
        var member = await forum.RegisterAsync();
        var other = await forum.RegisterAsync();
        var here = await forum.StartThreadAsync(other);
        var elsewhere = await forum.StartThreadAsync(other);
        var othersTop = await forum.CommentAsync(other, here, "other's top");
        var mine1 = await forum.CommentAsync(member, here, "mine 1", othersTop);
        var othersReply = await forum.CommentAsync(other, here, "other's reply to mine", mine1);
        var mine2 = await forum.CommentAsync(member, here, "mine 2");
        var mineElsewhere = await forum.CommentAsync(member, elsewhere, "elsewhere");
        return (member, other, here, elsewhere, [mine1, mine2], [othersTop, othersReply], mineElsewhere);
    }

    private async Task<long> ReportAsync(ApiMember reporter, long commentId, string reason) =>
        (await forum.PostAsync($"/api/comments/{commentId}/reports", reporter, new { reason })).Expect(HttpStatusCode.Created).GetProperty("id").GetInt64();

    private async Task<JsonElement> ThreadAsync(long threadId) =>
        (await forum.GetAsync($"/api/threads/{threadId}")).Expect(HttpStatusCode.OK);

    private static JsonElement CommentIn(JsonElement thread, long commentId) =>
        Assert.Single(thread.GetProperty("comments").EnumerateArray(), c => c.GetProperty("id").GetInt64() == commentId);

    private async Task<List<JsonElement>> EventsAsync(long threadId, long after) =>
        [.. (await forum.GetAsync($"/api/threads/{threadId}/events?after={after}")).Expect(HttpStatusCode.OK).EnumerateArray()];

    private async Task<long> LastSeqAsync(long threadId) => (await ThreadAsync(threadId)).GetProperty("lastSeq").GetInt64();

    private async Task<int> CommentCountAsync(long threadId) =>
        (await forum.GetAsync("/api/threads")).Expect(HttpStatusCode.OK).EnumerateArray()
            .Single(t => t.GetProperty("id").GetInt64() == threadId).GetProperty("commentCount").GetInt32();

    private async Task<List<JsonElement>> LogAsync(string query) =>
        [.. (await forum.GetAsync($"/api/moderation/log?{query}", Moderator)).Expect(HttpStatusCode.OK).EnumerateArray()];

    private static (string?, string?, long, string?, string?) LogSummary(JsonElement entry) => (
        entry.GetProperty("action").GetString(),
        entry.GetProperty("targetType").GetString(),
        entry.GetProperty("targetId").GetInt64(),
        entry.GetProperty("reason").GetString(),
        entry.GetProperty("member").GetString());

    private Task<List<string>> RolesOfAsync(long memberId) => forum.ReadAsync(db =>
        (from userRole in db.UserRoles
         join role in db.Roles on userRole.RoleId equals role.Id
         where userRole.UserId == memberId
         select role.Name!).ToListAsync());
}
