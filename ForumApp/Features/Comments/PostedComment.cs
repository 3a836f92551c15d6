using ForumApp.Realtime;

namespace ForumApp.Features.Comments;

/// <summary>A stored comment with its event's seq; <see cref="Replayed"/> when a repeated client request id found it.</summary>
public sealed record PostedComment(CommentView Comment, long Seq, bool Replayed);
