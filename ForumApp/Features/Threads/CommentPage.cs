namespace ForumApp.Features.Threads;

/// <summary>Which part of the display order to read: all of it, or a page after a cursor.</summary>
public sealed record CommentPage(int? Limit = null, string? Cursor = null, bool NewestFirst = false)
{
    public const int MaxLimit = 1000;

    /// <summary>What a reader's page loads at a time: a huge thread costs a circuit no more than a small one.</summary>
    public const int ScreenSize = 25;

    /// <summary>The order of each group of siblings; unset, <see cref="NewestFirst"/> chooses between new and old.</summary>
    public CommentSort? Sort { get; init; }

    public CommentSort Order => Sort ?? (NewestFirst ? CommentSort.Newest : CommentSort.Oldest);

    public static CommentPage FirstScreen(CommentSort sort) => new(ScreenSize, null, sort == CommentSort.Newest) { Sort = sort };
    public static readonly CommentPage Everything = new();
}
