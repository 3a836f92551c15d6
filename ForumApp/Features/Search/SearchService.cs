using System.Net;
using ForumApp.Data;
using ForumApp.Features.Threads;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Search;

/// <summary>
/// One result: a thread or a comment, with the words around the match (HTML, matches in &lt;mark&gt;). Beyond the
/// contract: the title as highlighted HTML too, and the address to open.
/// </summary>
public sealed record SearchResult(
    SearchResultKind Kind, long ThreadId, long? CommentId, string Title, string Author, DateTime CreatedAt, string ExcerptHtml, string TitleHtml, string Url);

public sealed record SearchResultPage(IReadOnlyList<SearchResult> Items, string? NextCursor);

/// <summary>Full-text search over threads and comments together, best match first, paged by cursor.</summary>
public sealed class SearchService(IDbContextFactory<ForumDbContext> dbFactory, SearchLimits limits)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;
    public const int MaxQueryLength = 500;

    /// <summary>
    /// A page of results for <paramref name="query"/>, counted against <paramref name="clientAddress"/>'s budget.
    /// Invalid input is an <see cref="ForumErrorKind.Invalid"/> error keyed by field; words that cannot match anything
    /// (only punctuation, say) give an empty page.
    /// </summary>
    public async Task<ForumResult<SearchResultPage>> SearchAsync(
        string? query, int? limit, string? cursor, IPAddress? clientAddress, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return ForumError.Invalid("q", "Type something to search for.");
        }

        if (query.Length > MaxQueryLength)
        {
            return ForumError.Invalid("q", $"A search has at most {MaxQueryLength} characters.");
        }

        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            return ForumError.Invalid("limit", $"The limit must be between 1 and {MaxLimit}.");
        }

        SearchHit? after;
        try
        {
            after = SearchHit.FromCursor(cursor);
        }
        catch (InvalidReadException invalid)
        {
            return ForumError.Invalid(invalid.Field, invalid.Message);
        }

        if (limits.TryTake(clientAddress) is { } wait)
        {
            return new ForumError(ForumErrorKind.TooManyRequests, SearchLimits.Describe(wait), RetryAfter: wait);
        }

        var terms = SearchTerms.Parse(query);
        if (terms.IsEmpty)
        {
            return new SearchResultPage([], null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hits = await SearchRanking.RankAsync(db, terms, after, take + 1, cancellationToken);
        var page = hits.Take(take).ToList();
        var items = await ReadResultsAsync(db, page, terms, cancellationToken);
        return new SearchResultPage(items, hits.Count > take ? page[^1].ToCursor() : null);
    }

    // The rows are read again with the visibility rules, so a result never shows what readers may not see, even if an
    // index were behind; such a row is left out of its page rather than shown.
    private static async Task<List<SearchResult>> ReadResultsAsync(ForumDbContext db, List<SearchHit> hits, SearchTerms terms, CancellationToken cancellationToken)
    {
        var threadIds = hits.Where(h => h.Kind == SearchResultKind.Thread).Select(h => h.Id).ToList();
        var commentIds = hits.Where(h => h.Kind == SearchResultKind.Comment).Select(h => h.Id).ToList();

        var threads = threadIds.Count == 0 ? [] : await db.VisibleThreads().AsNoTracking()
            .Where(t => threadIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Title, t.Slug, t.AuthorName, t.CreatedAt, t.Body, t.BodyFormat })
            .ToDictionaryAsync(t => t.Id, cancellationToken);
        var comments = commentIds.Count == 0 ? [] : await db.Comments.InVisibleThreads().AsNoTracking()
            .Where(c => commentIds.Contains(c.Id) && c.State == CommentState.Visible)
            .Select(c => new { c.Id, c.ThreadId, c.Thread!.Title, c.Thread.Slug, c.AuthorName, c.CreatedAt, c.Body, c.BodyFormat })
            .ToDictionaryAsync(c => c.Id, cancellationToken);

        var results = new List<SearchResult>(hits.Count);
        foreach (var hit in hits)
        {
            if (hit.Kind == SearchResultKind.Thread && threads.TryGetValue(hit.Id, out var t))
            {
                results.Add(new SearchResult(
                    SearchResultKind.Thread, t.Id, null, t.Title, t.AuthorName, t.CreatedAt,
                    SearchExcerpt.ToHtml(SearchExcerpt.PlainText(t.Body, t.BodyFormat), terms), SearchExcerpt.ToHtml(t.Title, terms),
                    ThreadService.UrlOf(t.Id, t.Slug)));
            }
            else if (hit.Kind == SearchResultKind.Comment && comments.TryGetValue(hit.Id, out var c))
            {
                results.Add(new SearchResult(
                    SearchResultKind.Comment, c.ThreadId, c.Id, c.Title, c.AuthorName, c.CreatedAt,
                    SearchExcerpt.ToHtml(SearchExcerpt.PlainText(c.Body, c.BodyFormat), terms), SearchExcerpt.ToHtml(c.Title, terms),
                    $"{ThreadService.UrlOf(c.ThreadId, c.Slug)}#c{c.Id}"));
            }
        }

        return results;
    }
}
