using ForumApp.Data;
using ForumApp.Features.Comments;

namespace ForumApp.Features.Threads;

public sealed record ThreadSummary(
    long Id,
    string Title,
    string Slug,
    string Author,
    int CommentCount,
    DateTime CreatedAt,
    DateTime LastActivityAt,
    bool Locked);

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

public sealed record ThreadEventView(
    long ThreadId,
    long Seq,
    ThreadEventKind Kind,
    DateTime At,
    CommentView? Comment);

/// <summary>Which part of the display order to read: all of it, or a page after a cursor.</summary>
public sealed record CommentPage(int? Limit = null, string? Cursor = null, bool NewestFirst = false)
{
    public const int MaxLimit = 1000;

    /// <summary>What a reader's page loads at a time: a huge thread costs a circuit no more than a small one.</summary>
    public const int ScreenSize = 25;

    public static CommentPage FirstScreen(CommentSort sort) => new(ScreenSize, null, sort == CommentSort.Newest);
    public static readonly CommentPage Everything = new();
}

/// <summary>A read request that cannot be answered as asked; keyed by the offending field.</summary>
public sealed class InvalidReadException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
