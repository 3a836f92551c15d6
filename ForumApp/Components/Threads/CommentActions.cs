using ForumApp.Features.Comments;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Components;

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
    Upvote,
    Downvote,
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

    /// <summary>The thread is locked: an editor already open keeps its text but turns read-only.</summary>
    public bool Locked { get; init; }
}

/// <summary>
/// What the comment list calls back into, created once by the page and cascaded with IsFixed: a new
/// delegate per render would count as a changed parameter and make every card render again.
/// </summary>
public sealed class CommentHandlers
{
    public required EventCallback<CommentAction> OnAction { get; init; }
    public EventCallback<PostedComment> OnPosted { get; init; }
    public EventCallback<CommentView> OnSaved { get; init; }
    public EventCallback OnCancel { get; init; }

    /// <summary>Raised at most every few seconds while the member types a reply.</summary>
    public EventCallback OnTyping { get; init; }

    public required Func<long, string> PermalinkOf { get; init; }
}
