using ForumApp.Components.Shared;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Components;

namespace ForumApp.Components.Threads;

/// <summary>
/// One comment. A circuit keeps every card's render trees while the page is open, so a card is one component: its
/// avatar, name, time and votes are drawn into its own tree, and the moderation menu is made only when opened.
/// </summary>
public partial class CommentCard
{
    private static readonly MarkupString UpArrow = VoteArrowSprite.Arrow(VoteArrowSprite.UpId);
    private static readonly MarkupString DownArrow = VoteArrowSprite.Arrow(VoteArrowSprite.DownId);

    private CardInputs? _rendered;

    // One delegate per action the card shows, made on first use and kept: a lambda per button per render would be
    // a new allocation each time the card draws.
    private Func<Task>?[]? _handlers;

    private bool _moderationMade;
    private bool _moderating;
    private bool _drawOwnChange;

    [Parameter, EditorRequired]
    public CommentView Comment { get; set; } = default!;

    /// <summary>How many ancestor levels to draw; the tree caps it so deep chains stay readable.</summary>
    [Parameter]
    public int IndentLevels { get; set; }

    /// <summary>The last comment before the next top-level one closes the conversation's card.</summary>
    [Parameter]
    public bool EndsConversation { get; set; }

    /// <summary>Whether the next comment shown is a reply to this one, so its thread line starts here.</summary>
    [Parameter]
    public bool HasVisibleReplies { get; set; }

    /// <summary>The first comment of a conversation opens the card the following replies share.</summary>
    [Parameter] public bool StartsConversation { get; set; }

    [Parameter] public ThreadViewer Viewer { get; set; } = ThreadViewer.Anonymous;
    [Parameter] public bool Collapsed { get; set; }
    [Parameter] public int HiddenReplies { get; set; }
    [Parameter] public bool Fresh { get; set; }

    /// <summary>Posted by someone else since the reader's last visit.</summary>
    [Parameter] public bool New { get; set; }
    [Parameter] public bool Highlighted { get; set; }

    /// <summary>An editor is open under the comment, in place of its action row.</summary>
    [Parameter] public bool EditorOpen { get; set; }

    /// <summary>The open editor edits this comment's own text, so it is not shown twice.</summary>
    [Parameter] public bool Editing { get; set; }

    /// <summary>For moderators: the words behind a tombstone.</summary>
    [Parameter] public Features.Moderation.RemovedText? RemovedText { get; set; }

    [Parameter] public string? PermalinkUrl { get; set; }

    /// <summary>Set when the replies go deeper than the tree shows: a link to a view rooted here.</summary>
    [Parameter] public string? ContinueUrl { get; set; }

    /// <summary>Without handlers the card is read-only (no actions, no editor).</summary>
    [CascadingParameter] private CommentHandlers? Handlers { get; set; }

    /// <summary>
    /// Everything the card draws from. The page renders on every live event; a card renders again only when
    /// its own inputs changed (a changed comment is a new record), not because a neighbour did.
    /// </summary>
    private sealed record CardInputs(
        CommentView Comment, int IndentLevels, bool StartsConversation, bool EndsConversation, bool HasVisibleReplies, ThreadViewer Viewer,
        bool Collapsed, int HiddenReplies, bool Fresh, bool New, bool Highlighted, bool EditorOpen, bool Editing,
        Features.Moderation.RemovedText? RemovedText, string? PermalinkUrl, string? ContinueUrl, bool HasHandlers);

    private CardInputs Inputs => new(
        Comment, IndentLevels, StartsConversation, EndsConversation, HasVisibleReplies, Viewer, Collapsed, HiddenReplies, Fresh, New, Highlighted,
        EditorOpen, Editing, RemovedText, PermalinkUrl, ContinueUrl, Handlers is not null);

    protected override void OnParametersSet() => _rendered ??= Inputs;

    protected override bool ShouldRender()
    {
        var inputs = Inputs;
        if (inputs == _rendered && !_drawOwnChange)
        {
            return false;
        }

        _rendered = inputs;
        _drawOwnChange = false;
        return true;
    }

    private Func<Task> Handler(CommentActionKind kind)
    {
        _handlers ??= new Func<Task>?[Enum.GetValues<CommentActionKind>().Length];
        return _handlers[(int)kind] ??= () => Handlers?.OnAction.InvokeAsync(new CommentAction(kind, Comment)) ?? Task.CompletedTask;
    }

    /// <summary>The moderator's first click makes the menu, already open; it stays made for later clicks.</summary>
    private void OpenModeration()
    {
        _moderationMade = true;
        _moderating = true;
        _drawOwnChange = true;
    }

    // A card of an anonymous reader draws both links every time it draws (a reply under it, a new score): made once per comment.
    private (long Id, string Reply, string Vote)? _signInUrls;

    private string SignInToReplyUrl => SignInUrls.Reply;

    private string SignInToVoteUrl => SignInUrls.Vote;

    private (long Id, string Reply, string Vote) SignInUrls =>
        _signInUrls is { } urls && urls.Id == Comment.Id
            ? urls
            : (_signInUrls = (Comment.Id, CardMarkup.SignInToReplyUrl(Comment.ThreadId, Comment.Id), CardMarkup.SignInToVoteUrl(Comment.ThreadId, Comment.Id))).Value;

    private bool IsOwn => Viewer.UserId is { } id && Comment.AuthorId == id;

    // Only for what is offered: the vote service decides again.
    private bool VoteOffered => Handlers is not null && Viewer.SignedIn && Viewer.CanWrite && !Viewer.Locked && !IsOwn && !Comment.Deleted;

    private bool SignInToVoteOffered => Handlers is not null && !Viewer.SignedIn && !Viewer.Locked && !Comment.Deleted;

    private int MyVote => Comment.MyVote ?? 0;

    private string Pressed(int value) => MyVote == value ? "true" : "false";

    private string VoteClass(int value) => MyVote != value ? "vote" : value > 0 ? "vote up pressed" : "vote down pressed";

    private CommentDeletion Deletion => LiveThread.DeletionOf(Comment);

    // Strings that are the same on many cards, made once: a card keeps what it draws for as long as the page is open.
    private static readonly string[] IndentStyles = Enumerable.Range(0, ConversationContext.MaxIndentLevels + 1).Select(StyleOf).ToArray();
    private static readonly string[] CssClasses = Enumerable.Range(0, 1 << 6).Select(ClassOf).ToArray();

    private string IndentStyle => IndentLevels >= 0 && IndentLevels < IndentStyles.Length ? IndentStyles[IndentLevels] : StyleOf(IndentLevels);

    private string CssClass => CssClasses[
        (StartsConversation ? 1 : 0) | (EndsConversation ? 2 : 0) | (HasVisibleReplies ? 4 : 0) | (Fresh ? 8 : 0) | (New ? 16 : 0) | (Highlighted ? 32 : 0)];

    private static string StyleOf(int levels) => $"--indent-levels: {levels}";

    private static string ClassOf(int flags) => string.Join(' ', new[]
    {
        "comment",
        (flags & 1) != 0 ? "starts-conversation" : null,
        (flags & 2) != 0 ? "ends-conversation" : null,
        (flags & 4) != 0 ? "has-visible-replies" : null,
        (flags & 8) != 0 ? "fresh" : null,
        (flags & 16) != 0 ? "unread" : null,
        (flags & 32) != 0 ? "highlighted" : null,
    }.OfType<string>());

    // The visible "[–]" says nothing to a screen reader; the name says what the button does and to how many.
    // A parent card draws again at every reply under it on every open page: the usual counts are made once.
    private static readonly string[] CollapseLabels = Enumerable.Range(0, 100).Select(CollapseLabelOf).ToArray();
    private static readonly string[] ExpandLabels = Enumerable.Range(0, 100).Select(ExpandLabelOf).ToArray();

    private string CollapseLabel => Collapsed
        ? HiddenReplies >= 0 && HiddenReplies < ExpandLabels.Length ? ExpandLabels[HiddenReplies] : ExpandLabelOf(HiddenReplies)
        : Comment.ReplyCount >= 0 && Comment.ReplyCount < CollapseLabels.Length ? CollapseLabels[Comment.ReplyCount] : CollapseLabelOf(Comment.ReplyCount);

    private static string CollapseLabelOf(int replies) => $"Collapse {Quantity.Of(replies, "reply", "replies")}";

    private static string ExpandLabelOf(int hidden) => $"Expand {Quantity.Of(hidden, "reply", "replies")}";

    private string TombstoneText => Deletion == CommentDeletion.ByModerator
        ? "Removed by a moderator"
        : "Comment deleted by its author";
}
