namespace ForumApp.Features.Threads;

/// <summary>Which part of the display order to read: all of it, or a page after a cursor.</summary>
public sealed record CommentPage(int? Limit = null, string? Cursor = null, bool NewestFirst = false)
{
    public const int MaxLimit = 1000;

    /// <summary>What a reader's page loads at a time: a huge thread costs a circuit no more than a small one.</summary>
    public const int ScreenSize = 25;

    public static CommentPage FirstScreen(CommentSort sort) => new(ScreenSize, null, sort == CommentSort.Newest);
    public static readonly CommentPage Everything = new();
}
