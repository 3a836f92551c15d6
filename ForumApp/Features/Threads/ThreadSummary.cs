namespace ForumApp.Features.Threads;

/// <summary>
/// A thread as the list shows it. <see cref="UnreadCount"/> is the reader's own (null for anonymous readers
/// and in the list every home page shares); <see cref="Pinned"/> threads come first.
/// </summary>
public sealed record ThreadSummary(
    long Id,
    string Title,
    string Slug,
    string Author,
    int CommentCount,
    DateTime CreatedAt,
    DateTime LastActivityAt,
    bool Locked,
    bool Pinned = false,
    int? UnreadCount = null);

/// <summary>A page of the list and the cursor of the next one (null on the last page).</summary>
public sealed record ThreadListPage(IReadOnlyList<ThreadSummary> Items, string? NextCursor);
