using ForumApp.Realtime;

namespace ForumApp.Features.Threads;

/// <summary>Scores and the reader's own votes: shown in place, never moving a comment (the reader keeps their place).</summary>
public sealed partial class LiveThread
{
    /// <summary>Takes a batch of new scores; comments not loaded are skipped (their next read brings the score).</summary>
    public bool ApplyScores(IReadOnlyList<CommentScore> scores)
    {
        var changed = false;
        foreach (var score in scores)
        {
            var index = IndexOf(score.CommentId);
            if (index >= 0 && _comments[index].Score != score.Score)
            {
                _comments[index] = _comments[index] with { Score = score.Score };
                ChangedAt(index, new ChangedWithin(score.CommentId, index));
                changed = true;
            }
        }

        if (changed)
        {
            Version++;
        }

        return changed;
    }

    /// <summary>The reader's votes (1 or -1) on the loaded comments; every other loaded comment is "not voted" (0).</summary>
    public void ApplyMyVotes(IReadOnlyDictionary<long, int> votes)
    {
        for (var i = 0; i < _comments.Count; i++)
        {
            var mine = votes.GetValueOrDefault(_comments[i].Id);
            if (_comments[i].MyVote != mine)
            {
                _comments[i] = _comments[i] with { MyVote = mine };
            }
        }

        Version++;
        ConversationsChanged();
    }

    /// <summary>Shows one vote of the reader's and the score with it (optimistically, confirmed, or rolled back).</summary>
    public void ShowVote(long commentId, int myVote, int score)
    {
        var index = IndexOf(commentId);
        if (index < 0)
        {
            return;
        }

        _comments[index] = _comments[index] with { MyVote = myVote, Score = score };
        ChangedAt(index, new ChangedWithin(commentId, index));
        Version++;
    }
}
