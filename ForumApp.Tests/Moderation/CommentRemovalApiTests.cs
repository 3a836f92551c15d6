using System.Net;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>Removing and restoring comments through the API: tombstones, subtrees, conflicts, and what moderators still read.</summary>
[Collection(ModerationApiTest.Collection)]
public sealed class CommentRemovalApiTests(ModerationForum forum) : ModerationApiTest(forum)
{
    [Fact]
    public async Task RemovedCommentBecomesAModeratorTombstoneWithItsReasonAndKeepsItsReplies()
    {
        var author = await Forum.RegisterAsync();
        var replier = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);
        var commentId = await Forum.CommentAsync(author, threadId, "Something that breaks the rules.");
        var replyId = await Forum.CommentAsync(replier, threadId, "A fair answer.", commentId);
        var lastSeq = await LastSeqAsync(threadId);

        var removed = (await Forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = "  Off topic  ", includeReplies = false }))
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

        var stored = await Forum.ReadAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Id == commentId));
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
        Assert.Equal(Forum.Clock.UtcNow.UtcDateTime, ApiJson.GetUtc(entry, "at"));
    }

    [Fact]
    public async Task RemovingWithRepliesTakesTheWholeSubtreeAndRestoringAnyOfItBringsItAllBack()
    {
        var author = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);
        var root = await Forum.CommentAsync(author, threadId, "root");
        var a = await Forum.CommentAsync(author, threadId, "a", root);
        var a1 = await Forum.CommentAsync(author, threadId, "a1", a);
        var b = await Forum.CommentAsync(author, threadId, "b", root);
        var sibling = await Forum.CommentAsync(author, threadId, "sibling stays");
        var lastSeq = await LastSeqAsync(threadId);
        var countBefore = await CommentCountAsync(threadId);

        var removed = (await Forum.PostAsync($"/api/moderation/comments/{root}/remove", Moderator, new { reason = "Flame war", includeReplies = true }))
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

        var batches = await Forum.ReadAsync(db => db.Comments.Where(c => subtree.Contains(c.Id)).Select(c => c.RemovalBatchId).ToListAsync());
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
        var restored = (await Forum.PostAsync($"/api/moderation/comments/{a1}/restore", Moderator)).Expect(HttpStatusCode.OK);

        Assert.Equal(subtree.Order(), restored.GetProperty("restoredCommentIds").EnumerateArray().Select(e => e.GetInt64()).Order());
        thread = await ThreadAsync(threadId);
        Assert.Equal(["root", "a", "a1", "b"], subtree.Select(id => CommentIn(thread, id).GetProperty("body").GetString()));
        Assert.All(subtree, id => Assert.False(CommentIn(thread, id).GetProperty("deleted").GetBoolean()));
        Assert.Equal(countBefore, await CommentCountAsync(threadId));
        var restoredEvents = await EventsAsync(threadId, lastSeq + 4);
        Assert.Equal(4, restoredEvents.Count);
        Assert.All(restoredEvents, e => Assert.Equal("restored", e.GetProperty("kind").GetString()));
        Assert.Equal(subtree.Order(), restoredEvents.Select(e => e.GetProperty("comment").GetProperty("id").GetInt64()).Order());
        Assert.All(await Forum.ReadAsync(db => db.Comments.Where(c => subtree.Contains(c.Id)).ToListAsync()), c =>
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
        var author = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);
        var commentId = await Forum.CommentAsync(author, threadId, "once");

        (await Forum.PostAsync($"/api/moderation/comments/{commentId}/restore", Moderator)).Expect(HttpStatusCode.Conflict);
        (await Forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = "r", includeReplies = false })).Expect(HttpStatusCode.OK);
        (await Forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = "r", includeReplies = false })).Expect(HttpStatusCode.Conflict);

        Assert.Single(await LogAsync($"thread={threadId}"));
    }

    [Fact]
    public async Task TooLongAReasonIsAFieldErrorAndRemovesNothing()
    {
        var author = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);
        var commentId = await Forum.CommentAsync(author, threadId, "still here");

        (await Forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = new string('x', 501), includeReplies = false }))
            .ExpectFieldError("reason");

        Assert.Equal("still here", CommentIn(await ThreadAsync(threadId), commentId).GetProperty("body").GetString());
        Assert.Empty(await LogAsync($"thread={threadId}"));
    }

    [Fact]
    public async Task ModeratorReadsRemovedTextAndRevisionsWhileThePublicReadShowsNoBody()
    {
        var author = await Forum.RegisterAsync();
        var threadId = await Forum.StartThreadAsync(author);
        var commentId = await Forum.CommentAsync(author, threadId, "first version");
        Forum.Clock.Advance(TimeSpan.FromSeconds(1));
        (await Forum.SendAsync(HttpMethod.Put, $"/api/threads/{threadId}/comments/{commentId}", author, new { body = "second version" })).Expect(HttpStatusCode.OK);
        (await Forum.PostAsync($"/api/moderation/comments/{commentId}/remove", Moderator, new { reason = "Doxxing", includeReplies = false })).Expect(HttpStatusCode.OK);

        var moderated = (await Forum.GetAsync($"/api/moderation/comments/{commentId}", Moderator)).Expect(HttpStatusCode.OK);

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
        Assert.DoesNotContain("second version", (await Forum.GetAsync($"/api/threads/{threadId}/events?after=0")).Text, StringComparison.Ordinal);
        (await Forum.GetAsync($"/api/moderation/comments/{commentId}", author)).Expect(HttpStatusCode.Forbidden);
        (await Forum.GetAsync($"/api/moderation/comments/{commentId}")).Expect(HttpStatusCode.Unauthorized);
    }
}
