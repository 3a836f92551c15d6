namespace ForumApp.Features.Threads;

/// <summary>
/// What changed since the owner last asked: the conversations whose comments changed, by the id of their
/// top-level comment, or that the conversations themselves changed (one added, removed or moved), so a view
/// can draw the one conversation a reply touched instead of the whole list.
/// </summary>
public sealed partial class LiveThread
{
    private readonly ConversationChanges _changedConversations = new();
    private bool _conversationsChanged;

    /// <summary>
    /// Adds the conversations changed since the last call to <paramref name="into"/> and forgets them; false when
    /// the list of conversations changed (the whole list must be drawn). Several events drawn together gather
    /// their changes in one set this way, with nothing allocated per event.
    /// </summary>
    public bool TakeChangesInto(ConversationChanges into)
    {
        var placed = !_conversationsChanged;
        if (placed)
        {
            _changedConversations.AddTo(into);
        }

        _conversationsChanged = false;
        _changedConversations.Clear();
        return placed;
    }

    /// <summary>
    /// The comment at <paramref name="index"/> changed: its conversation starts at the nearest top-level comment
    /// above it. With <paramref name="within"/>, the change lies in that comment's subtree alone (a new reply to it,
    /// its own new score); without, it may reach anywhere in the conversation (a removal can fold its ancestors).
    /// </summary>
    private void ChangedAt(int index, ChangedWithin within = default)
    {
        var root = index;
        while (root >= 0 && !_placements[root].TopLevel)
        {
            root--;
        }

        if (root < 0)
        {
            // A page read by comments may start inside a conversation: nothing local to point at.
            _conversationsChanged = true;
            return;
        }

        _changedConversations.Add(_comments[root].Id, within);
    }

    private void ConversationsChanged() => _conversationsChanged = true;
}
