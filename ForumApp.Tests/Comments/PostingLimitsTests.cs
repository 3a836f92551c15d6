using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Comments;

/// <summary>How often a member may post, and what does and does not count against it. Through <see cref="CommentService"/> on a real SQLite file.</summary>
public sealed class PostingLimitsTests : CommentServiceTestBase
{
    [Fact]
    public async Task FourthCommentWithinAMinuteIsRateLimitedWithATimeToWait()
    {
        var comments = NewCommentService(new PostingLimitOptions { CommentsPerMinute = 3, NewAccountCommentsPerMinute = 3 });
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        for (var i = 1; i <= 3; i++)
        {
            Succeeded(await comments.PostAsync(alice.Principal, threadId, null, $"comment {i}", null));
        }

        var before = await ThreadStateAsync(threadId);

        var error = AssertError(await comments.PostAsync(alice.Principal, threadId, null, "one too many", null), ForumErrorKind.TooManyRequests);

        Assert.NotNull(error.RetryAfter);
        Assert.True(error.RetryAfter > TimeSpan.Zero, $"RetryAfter was {error.RetryAfter}");
        Assert.Contains("Try again in", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ThreadStateAsync(threadId));

        // The budget is per member: someone else may still post.
        var bob = await CreateMemberAsync();
        Succeeded(await comments.PostAsync(bob.Principal, threadId, null, "bob is fine", null));
    }

    [Fact]
    public async Task AccountYoungerThanNewAccountAgeGetsTheNewAccountLimit()
    {
        var comments = NewCommentService(new PostingLimitOptions
        {
            CommentsPerMinute = 5,
            NewAccountCommentsPerMinute = 1,
            NewAccountAge = TimeSpan.FromDays(1),
        });
        var threadId = await CreateThreadAsync();
        var newcomer = await CreateMemberAsync(createdAt: _startUtc.AddHours(-23));
        var regular = await CreateMemberAsync(createdAt: _startUtc.AddHours(-25));

        Succeeded(await comments.PostAsync(newcomer.Principal, threadId, null, "first", null));
        var error = AssertError(await comments.PostAsync(newcomer.Principal, threadId, null, "second", null), ForumErrorKind.TooManyRequests);
        Assert.True(error.RetryAfter > TimeSpan.Zero);

        for (var i = 1; i <= 5; i++)
        {
            Succeeded(await comments.PostAsync(regular.Principal, threadId, null, $"regular {i}", null));
        }

        AssertError(await comments.PostAsync(regular.Principal, threadId, null, "sixth", null), ForumErrorKind.TooManyRequests);
    }

    [Fact]
    public async Task ReplayingAPostDoesNotSpendThePostingBudget()
    {
        var comments = NewCommentService(new PostingLimitOptions { CommentsPerMinute = 1, NewAccountCommentsPerMinute = 1 });
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();
        var first = Succeeded(await comments.PostAsync(alice.Principal, threadId, null, "once", "retry-me"));

        var replay = Succeeded(await comments.PostAsync(alice.Principal, threadId, null, "once", "retry-me"));

        Assert.True(replay.Replayed);
        Assert.Equal(first.Comment.Id, replay.Comment.Id);
    }

    [Fact]
    public async Task RefusedBodyDoesNotSpendThePostingBudget()
    {
        var comments = NewCommentService(new PostingLimitOptions { CommentsPerMinute = 1, NewAccountCommentsPerMinute = 1 });
        var threadId = await CreateThreadAsync();
        var alice = await CreateMemberAsync();

        AssertError(await comments.PostAsync(alice.Principal, threadId, null, "\u200B", null), ForumErrorKind.Invalid, field: "body");

        Succeeded(await comments.PostAsync(alice.Principal, threadId, null, "now with words", null));
    }
}
