namespace ForumApp.Realtime;

/// <summary>
/// A notification as members and clients see it. <see cref="Excerpt"/> is made when it is read, from the
/// comment as it is then, so words removed later are never shown; <see cref="ThreadTitle"/> and
/// <see cref="Url"/> (null when there is nothing to open) are extras beyond
/// the contract's fields, for pages.
/// </summary>
public sealed record NotificationView(
    long Id, string Kind, DateTime At, bool Read, long? ThreadId, long? CommentId, string? Actor, string? Excerpt,
    string? ThreadTitle, string? Url);
