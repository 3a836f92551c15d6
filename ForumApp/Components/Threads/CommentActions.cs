using ForumApp.Realtime;

namespace ForumApp.Components.Threads;

public enum CommentActionKind
{
    Reply,
    Edit,
    Delete,
    ToggleCollapse,
    Report,
    Remove,
    RemoveWithReplies,
    Restore,
    SuspendAuthor,
}

/// <summary>Something the reader asked to do with one comment; the thread page carries it out through the services.</summary>
public sealed record CommentAction(CommentActionKind Kind, CommentView Comment);

/// <summary>
/// What the reader may be offered. Only for showing buttons: every action is checked again by the
/// service that performs it.
/// </summary>
public sealed record ThreadViewer(long? UserId, bool IsModerator, bool CanWrite)
{
    public static readonly ThreadViewer Anonymous = new(null, false, true);

    public bool SignedIn => UserId is not null;
}
