using System.Data.Common;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Search;

/// <summary>
/// The one provider-specific step of a search: which threads and comments match, best first, one page of them.
/// Each provider's full-text objects come from its SearchIndex migration; only what readers may see is ever ranked.
/// </summary>
internal static class SearchRanking
{
    public static async Task<List<SearchHit>> RankAsync(ForumDbContext db, SearchTerms terms, SearchHit? after, int take, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        switch (db)
        {
            case SqliteForumDbContext:
                Sqlite(command, terms, after, take);
                break;
            case PostgreSqlForumDbContext:
                PostgreSql(command, terms, after, take);
                break;
            case SqlServerForumDbContext:
                command.CommandText = await SqlServerHasFullTextAsync(db, cancellationToken)
                    ? SqlServerFullText(command, terms, after, take)
                    : SqlServerLike(command, terms, after, take);
                break;
            default:
                throw new NotSupportedException($"No search for {db.GetType().Name}.");
        }

        return await SearchHit.ReadAsync(command, cancellationToken);
    }

    // bm25 is smaller for better matches; negated, so that every provider sorts "higher first". A title counts four
    // times its body. The triggers of the migration keep removed and deleted words out of both tables.
    private static void Sqlite(DbCommand command, SearchTerms terms, SearchHit? after, int take)
    {
        command.CommandText = $"""
            SELECT Kind, Id, Score FROM (
                SELECT 0 AS Kind, rowid AS Id, -bm25(ThreadSearch, 4.0, 1.0) AS Score FROM ThreadSearch WHERE ThreadSearch MATCH $q
                UNION ALL
                SELECT 1 AS Kind, rowid AS Id, -bm25(CommentSearch) AS Score FROM CommentSearch WHERE CommentSearch MATCH $q
            )
            WHERE {SearchHit.AfterCursor("$")}
            ORDER BY Score DESC, Kind, Id
            LIMIT $take
            """;
        SearchHit.Add(command, "$q", terms.ToFts5());
        SearchHit.AddPageParameters(command, after, take, "$");
    }

    // The expressions repeat the migration's index expressions exactly, or PostgreSQL would not use the indexes.
    private static void PostgreSql(DbCommand command, SearchTerms terms, SearchHit? after, int take)
    {
        command.CommandText = $"""
            SELECT "Kind" AS Kind, "Id" AS Id, "Score" AS Score FROM (
                SELECT 0 AS "Kind", t."Id", (ts_rank(setweight(to_tsvector('simple'::regconfig, t."Title"), 'A') || setweight(to_tsvector('simple'::regconfig, t."Body"), 'B'), q))::float8 AS "Score"
                FROM "Threads" t, to_tsquery('simple'::regconfig, @q) q
                WHERE t."RemovedAt" IS NULL
                  AND (setweight(to_tsvector('simple'::regconfig, t."Title"), 'A') || setweight(to_tsvector('simple'::regconfig, t."Body"), 'B')) @@ q
                UNION ALL
                SELECT 1 AS "Kind", c."Id", (ts_rank(to_tsvector('simple'::regconfig, c."Body"), q))::float8 AS "Score"
                FROM "Comments" c JOIN "Threads" t ON t."Id" = c."ThreadId", to_tsquery('simple'::regconfig, @q) q
                WHERE c."State" = 0 AND t."RemovedAt" IS NULL AND to_tsvector('simple'::regconfig, c."Body") @@ q
            ) hits
            WHERE (@hasCursor = 0 OR "Score" < @score OR ("Score" = @score AND ("Kind" > @kind OR ("Kind" = @kind AND "Id" > @id))))
            ORDER BY "Score" DESC, "Kind", "Id"
            LIMIT @take
            """;
        SearchHit.Add(command, "q", terms.ToTsQuery());
        SearchHit.AddPageParameters(command, after, take, "");
    }

    private static async Task<bool> SqlServerHasFullTextAsync(ForumDbContext db, CancellationToken cancellationToken)
    {
        var found = await db.Database
            .SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sys.fulltext_indexes WHERE object_id IN (OBJECT_ID('dbo.Comments'), OBJECT_ID('dbo.Threads'))")
            .SingleAsync(cancellationToken);
        return found == 2;
    }

    // Not run on this project's machines (no SQL Server): written to the documented CONTAINSTABLE syntax. Full-text
    // indexes are populated in the background, so a fresh edit may take a moment to be found; the state filters here
    // keep removed and deleted comments out whatever the index still holds.
    private static string SqlServerFullText(DbCommand command, SearchTerms terms, SearchHit? after, int take)
    {
        SearchHit.Add(command, "@q", terms.ToContains());
        SearchHit.AddPageParameters(command, after, take, "@");
        return $"""
            SELECT Kind, Id, Score FROM (
                SELECT 0 AS Kind, t.Id, CAST(ft.[RANK] AS float) * 2 AS Score
                FROM CONTAINSTABLE(dbo.Threads, (Title, Body), @q) ft JOIN dbo.Threads t ON t.Id = ft.[KEY]
                WHERE t.RemovedAt IS NULL
                UNION ALL
                SELECT 1 AS Kind, c.Id, CAST(ft.[RANK] AS float) AS Score
                FROM CONTAINSTABLE(dbo.Comments, Body, @q) ft JOIN dbo.Comments c ON c.Id = ft.[KEY] JOIN dbo.Threads t ON t.Id = c.ThreadId
                WHERE c.State = 0 AND t.RemovedAt IS NULL
            ) hits
            WHERE {SearchHit.AfterCursor("@")}
            ORDER BY Score DESC, Kind, Id
            OFFSET 0 ROWS FETCH NEXT @take ROWS ONLY
            """;
    }

    // Without the Full-Text Search feature: every term as a substring, no ranking (all scores 0, so threads first, then
    // oldest first). A table scan: fine for a small forum, and the reason to install the feature for a big one.
    private static string SqlServerLike(DbCommand command, SearchTerms terms, SearchHit? after, int take)
    {
        var threadConditions = new List<string>();
        var commentConditions = new List<string>();
        for (var i = 0; i < terms.Terms.Count; i++)
        {
            // Terms hold letters and digits only, so none of LIKE's wildcards can be in them.
            SearchHit.Add(command, $"@t{i}", $"%{terms.Terms[i]}%");
            threadConditions.Add($"(t.Title LIKE @t{i} OR t.Body LIKE @t{i})");
            commentConditions.Add($"c.Body LIKE @t{i}");
        }

        SearchHit.AddPageParameters(command, after, take, "@");
        return $"""
            SELECT Kind, Id, Score FROM (
                SELECT 0 AS Kind, t.Id, CAST(0 AS float) AS Score FROM dbo.Threads t
                WHERE t.RemovedAt IS NULL AND {string.Join(" AND ", threadConditions)}
                UNION ALL
                SELECT 1 AS Kind, c.Id, CAST(0 AS float) AS Score FROM dbo.Comments c JOIN dbo.Threads t ON t.Id = c.ThreadId
                WHERE c.State = 0 AND t.RemovedAt IS NULL AND {string.Join(" AND ", commentConditions)}
            ) hits
            WHERE {SearchHit.AfterCursor("@")}
            ORDER BY Score DESC, Kind, Id
            OFFSET 0 ROWS FETCH NEXT @take ROWS ONLY
            """;
    }
}
