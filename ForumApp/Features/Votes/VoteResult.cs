namespace ForumApp.Features.Votes;

public sealed record VoteRequest(int? Value);

/// <summary>The answer to a vote: the comment's score after it and the caller's vote (1, 0 or -1).</summary>
public sealed record VoteResult(long CommentId, int Score, int MyVote);

/// <summary>What a pressed button asks for: pressing the vote already given withdraws it.</summary>
public static class VoteChoice
{
    public static int Toggle(int? current, int pressed) => current == pressed ? 0 : pressed;
}
