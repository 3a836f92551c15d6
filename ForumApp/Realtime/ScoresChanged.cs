namespace ForumApp.Realtime;

/// <summary>One comment's new score, as live clients receive it.</summary>
public sealed record CommentScore(long CommentId, int Score);

/// <summary>
/// The scores that moved in a thread since the last batch (hub message <c>Scores</c>). Not a thread event: it has
/// no seq and nothing catches it up; a reader who missed one sees the stored score on the next read.
/// </summary>
public sealed record ScoresChanged(long ThreadId, IReadOnlyList<CommentScore> Scores);
