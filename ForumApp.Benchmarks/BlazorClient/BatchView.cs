namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>A render batch as a waiter sees it: every string of its string table and the comment ids it inserted.</summary>
public sealed record BatchView(long BatchId, long At, IReadOnlyList<string> Strings, IReadOnlyList<long> CommentIds, bool Interactive)
{
    public bool HasText(string text) => Strings.Any(s => s.Contains(text, StringComparison.Ordinal));
}
