using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using ForumApp.Tests.Realtime;
using static ForumApp.Tests.Moderation.ModerationForum;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Moderation;

/// <summary>A removed thread is invisible the same way everywhere: no stream, no comment actions, no typing, until restored.</summary>
public sealed class RemovedThreadTests(ModerationForum forum) : IClassFixture<ModerationForum>
{
    [Fact]
    public async Task ViewersWhoJoinedBeforeARemovalReceiveNothingMoreOfThatThread()
    {
        var author = await forum.RegisterAsync("author");
        var removedThread = await forum.StartThreadAsync(author);
        var target = await forum.CommentAsync(author, removedThread, "a comment a moderator will try to remove");
        var other = await forum.CommentAsync(author, removedThread, "another comment, gone with the author's suspension");
        var markerThread = await forum.StartThreadAsync(forum.Moderator);
        await using var viewer = await ThreadsHubClient.ConnectAsync(forum.Server);
        await viewer.JoinThreadAsync(removedThread, afterSeq: 0);
        await viewer.JoinThreadAsync(markerThread, afterSeq: 0);
        var moderator = PrincipalOf(forum.Moderator.Id);

        Succeeded(await forum.Service<ThreadModerationService>().SetThreadRemovedAsync(moderator, removedThread, removed: true, "Spam"));
        var comments = forum.Service<CommentModerationService>();
        AssertError(await comments.RemoveCommentAsync(moderator, target, "Off topic", includeReplies: false), ForumErrorKind.NotFound);
        AssertError(await comments.RestoreCommentAsync(moderator, target), ForumErrorKind.NotFound);
        AssertError(await forum.Service<CommentService>().EditAsync(PrincipalOf(author.Id), removedThread, other, "edited"), ForumErrorKind.NotFound);
        AssertError(await forum.Service<TypingService>().MarkReplyingAsync(PrincipalOf(author.Id), removedThread), ForumErrorKind.NotFound);
        Succeeded(await forum.Service<MemberModerationService>().SuspendAsync(moderator, author.Id, null, "Spammer", "all", null));

        // Everything published before the marker reaches this connection before it: events arrive in order.
        var marker = await forum.CommentAsync(forum.Moderator, markerThread, "the marker");
        var received = new List<ThreadEventMessage>();
        while (received.LastOrDefault() is not { } last || last.Comment?.Id != marker)
        {
            received.Add(await viewer.NextEventAsync());
        }

        Assert.DoesNotContain(received, e => e.ThreadId == removedThread);
        Assert.Equal(CommentState.RemovedByModerator, await forum.ReadAsync(db => Task.FromResult(db.Comments.Single(c => c.Id == other).State)));
    }

    [Fact]
    public async Task CommentsOfARestoredThreadCanBeModeratedAgain()
    {
        var author = await forum.RegisterAsync("author");
        var threadId = await forum.StartThreadAsync(author);
        var commentId = await forum.CommentAsync(author, threadId, "removed once the thread is back");
        var moderator = PrincipalOf(forum.Moderator.Id);
        var threads = forum.Service<ThreadModerationService>();
        var comments = forum.Service<CommentModerationService>();

        Succeeded(await threads.SetThreadRemovedAsync(moderator, threadId, removed: true, null));
        AssertError(await comments.RemoveCommentAsync(moderator, commentId, null, includeReplies: false), ForumErrorKind.NotFound);
        Succeeded(await threads.SetThreadRemovedAsync(moderator, threadId, removed: false, null));

        Assert.Equal([commentId], Succeeded(await comments.RemoveCommentAsync(moderator, commentId, null, includeReplies: false)).RemovedCommentIds);
    }
}
