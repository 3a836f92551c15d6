using ForumApp.Features.Votes;
using ForumApp.Realtime;

namespace ForumApp.Components.Threads;

/// <summary>The reader's votes and the thread's live scores.</summary>
public sealed partial class LiveThreadSession
{
    // The inbox gathers what the scores changed with whatever else it applies, and draws those conversations.
    private void OnScores(ScoresChanged scores)
    {
        if (Live?.Thread.Id == scores.ThreadId)
        {
            Live.ApplyScores(scores.Scores);
        }
    }

    /// <summary>Marks the reader's votes on the loaded comments: one query for all of them.</summary>
    private async Task ShowMyVotesAsync()
    {
        if (_services.Votes is not { } votes || Viewer.UserId is null || Live is not { } live)
        {
            return;
        }

        var mine = await votes.MyVotesAsync(User, live.Comments.Select(c => c.Id));
        if (ReferenceEquals(live, Live))
        {
            live.ApplyMyVotes(mine);
        }
    }

    /// <summary>
    /// Votes as the reader pressed (pressing their current vote withdraws it), showing the result at once and
    /// taking it back if the vote is refused. Returns why it was refused, or null.
    /// </summary>
    public async Task<string?> VoteAsync(CommentView comment, int pressed)
    {
        if (_services.Votes is not { } votes || Live is not { } live)
        {
            return null;
        }

        var before = live.Comments.FirstOrDefault(c => c.Id == comment.Id) ?? comment;
        var previous = before.MyVote ?? 0;
        var value = VoteChoice.Toggle(previous, pressed);
        live.ShowVote(comment.Id, value, before.Score - previous + value);
        _changed();

        var result = await votes.VoteAsync(User, comment.Id, value);
        if (result.Value is { } vote)
        {
            live.ShowVote(comment.Id, vote.MyVote, vote.Score);
            return null;
        }

        live.ShowVote(comment.Id, previous, before.Score);
        return result.Error!.Message;
    }
}
