using System.Globalization;

namespace ForumApp.Features.Threads;

/// <summary>A screen of a thread's conversations for a reader's page, and how many conversations follow it.</summary>
public sealed record ConversationScreen(ThreadDetail Thread, int ConversationsRemaining)
{
    /// <summary>Whether the thread was pinned when its row was read (with the comments, so the page need not ask again).</summary>
    public bool Pinned { get; init; }

    /// <summary>Conversations a reader's page loads at a time.</summary>
    public const int Size = 25;

    /// <summary>
    /// Replies each conversation shows at first; the rest wait behind "N more replies". Fewer than the levels
    /// the tree shows before "Continue this thread", so a long chain stops at the button, not the link.
    /// </summary>
    public const int RepliesEach = 6;

    /// <summary>
    /// Comments the first screen holds at most: on a thread of long conversations, <see cref="Size"/> of them
    /// with <see cref="RepliesEach"/> replies each would be up to 175 cards to render, send and keep per
    /// reader. Conversations come until this many are shown; the rest waits behind "more" like any other screen's.
    /// </summary>
    public const int FirstScreenCards = 40;

    private const string CursorPrefix = "c1.";

    public static string CursorAfter(long rootId) => CursorPrefix + rootId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The top-level comment a page's cursor stands on; null for none or a cursor of another kind.</summary>
    public static long? RootOf(string? cursor) =>
        cursor is not null && cursor.StartsWith(CursorPrefix, StringComparison.Ordinal)
        && long.TryParse(cursor.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>A comment's place: its ancestors (top-level first) and how many conversations come before its own.</summary>
public sealed record CommentLocation(long CommentId, IReadOnlyList<long> Ancestors, int ConversationsBefore)
{
    public long RootId => Ancestors.Count > 0 ? Ancestors[0] : CommentId;
}
