using ForumApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Threads;

/// <summary>
/// The list's order: pinned threads first (newest pin first), then the rest by newest activity, ties by id.
/// Each section is read with its own simple keyset query (pinned threads are few), so a page costs at most
/// two index reads whatever the page.
/// </summary>
internal static class ThreadListReader
{
    public static async Task<ThreadListPage> ReadAsync(ForumDbContext db, int? limit, ThreadListCursor? after, CancellationToken cancellationToken)
    {
        var take = limit + 1;
        var rows = new List<Row>();
        if (after is null or { Pinned: true })
        {
            var pinned = db.VisibleThreads().AsNoTracking().Where(t => t.PinnedAt != null);
            if (after is not null)
            {
                var (at, id) = (after.At, after.Id);
                pinned = pinned.Where(t => t.PinnedAt < at || (t.PinnedAt == at && t.Id < id));
            }

            rows.AddRange(await Limited(Rows(pinned.OrderByDescending(t => t.PinnedAt).ThenByDescending(t => t.Id)), take).ToListAsync(cancellationToken));
        }

        if (take is null || rows.Count < take)
        {
            var rest = db.VisibleThreads().AsNoTracking().Where(t => t.PinnedAt == null);
            if (after is { Pinned: false })
            {
                var (at, id) = (after.At, after.Id);
                rest = rest.Where(t => t.LastActivityAt < at || (t.LastActivityAt == at && t.Id < id));
            }

            rows.AddRange(await Limited(Rows(rest.OrderByDescending(t => t.LastActivityAt).ThenByDescending(t => t.Id)), take - rows.Count)
                .ToListAsync(cancellationToken));
        }

        if (limit is { } size && rows.Count > size)
        {
            var last = rows[size - 1];
            var next = new ThreadListCursor(last.PinnedAt is not null, last.PinnedAt ?? last.Summary.LastActivityAt, last.Summary.Id);
            return new ThreadListPage(rows.Take(size).Select(r => r.Summary).ToList(), next.Encode());
        }

        return new ThreadListPage(rows.Select(r => r.Summary).ToList(), null);
    }

    private sealed record Row(ThreadSummary Summary, DateTime? PinnedAt);

    private static IQueryable<Row> Rows(IQueryable<ForumThread> threads) => threads.Select(t => new Row(
        new ThreadSummary(t.Id, t.Title, t.Slug, t.AuthorName, t.CommentCount, t.CreatedAt, t.LastActivityAt, t.Locked, t.PinnedAt != null, null),
        t.PinnedAt));

    private static IQueryable<Row> Limited(IQueryable<Row> rows, int? take) => take is { } count ? rows.Take(count) : rows;
}
