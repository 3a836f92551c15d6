namespace ForumApp.Features.Threads;

/// <summary>A thread as the list shows it.</summary>
public sealed record ThreadSummary(
    long Id,
    string Title,
    string Slug,
    string Author,
    int CommentCount,
    DateTime CreatedAt,
    DateTime LastActivityAt,
    bool Locked);
