using ForumApp.Realtime;

namespace ForumApp.Features.Threads;

/// <summary>A thread with (a page of) its comments in display order; <see cref="LastSeq"/> was read before them.</summary>
public sealed record ThreadDetail(
    long Id,
    string Title,
    string Slug,
    string Body,
    string BodyHtml,
    string Author,
    DateTime CreatedAt,
    bool Locked,
    long LastSeq,
    IReadOnlyList<CommentView> Comments,
    string? NextCursor,
    int CommentCount = 0);
