using ForumApp.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ForumApp.Features.Comments;

// On PostgreSQL a group's facts are one round trip and its comments one statement. Each statement is a round trip
// to a server process scheduled on the same cores as the app, and EF's per-entity insert (change tracking, one
// INSERT per row in the batch) was the app's largest cost per group after the reads.
public sealed partial class CommentWriter
{
    /// <summary>
    /// The four fact reads of <see cref="BatchFacts.ReadAsync"/> as one query, and an id for every comment of the
    /// group taken from the comments' own identity sequence, so the insert can say which row is whose. Ids of
    /// comments then refused are simply never used, like those of a rolled-back insert.
    /// </summary>
    private static async Task<(BatchFacts Facts, Queue<long> Ids)> ReadFactsOnPostgreSqlAsync(ForumDbContext db, List<CommentDraft> drafts)
    {
        const string sql = """
            SELECT 0 AS "Kind", t."Id", CASE WHEN t."Locked" THEN 1 ELSE 0 END::bigint AS "Number", 0 AS "State", 0 AS "Depth",
                NULL::text AS "Text", NULL::timestamptz AS "At"
            FROM "Threads" AS t WHERE t."RemovedAt" IS NULL AND t."Id" = ANY (@threads)
            UNION ALL
            SELECT 1, c."Id", c."ThreadId", c."State", c."Depth", NULL, NULL
            FROM "Comments" AS c WHERE c."Id" = ANY (@parents)
            UNION ALL
            SELECT 2, u."Id", 0, 0, 0, u."DisplayName", u."SuspendedUntil"
            FROM "AspNetUsers" AS u WHERE u."Id" = ANY (@authors)
            UNION ALL
            SELECT 3, c."AuthorId", c."ThreadId", 0, 0, c."ClientRequestId", NULL
            FROM "Comments" AS c WHERE c."AuthorId" = ANY (@requestAuthors) AND c."ClientRequestId" = ANY (@requests)
            UNION ALL
            SELECT 4, nextval(pg_get_serial_sequence('"Comments"', 'Id')), 0, 0, 0, NULL, NULL
            FROM generate_series(1, @count)
            """;
        var withRequest = drafts.Where(d => d.ClientRequestId is not null).ToList();
        var rows = await db.Database.SqlQueryRaw<FactRow>(
                sql,
                LongArray("threads", drafts.Select(d => d.ThreadId)),
                LongArray("parents", drafts.Where(d => d.ParentId is not null).Select(d => d.ParentId!.Value)),
                LongArray("authors", drafts.Select(d => d.Author.Id)),
                LongArray("requestAuthors", withRequest.Select(d => d.Author.Id)),
                new NpgsqlParameter<string[]>("requests", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. withRequest.Select(d => d.ClientRequestId!).Distinct()] },
                new NpgsqlParameter<int>("count", NpgsqlDbType.Integer) { TypedValue = drafts.Count })
            .ToListAsync();

        var facts = new BatchFacts([], [], [], []);
        var ids = new Queue<long>(drafts.Count);
        foreach (var row in rows)
        {
            switch (row.Kind)
            {
                case 0:
                    facts.Threads[row.Id] = row.Number != 0;
                    break;
                case 1:
                    facts.Parents[row.Id] = (row.Number, (CommentState)row.State, row.Depth);
                    break;
                case 2:
                    facts.Authors[row.Id] = (row.Text!, row.At);
                    break;
                case 3:
                    facts.EarlierRequests[(row.Id, row.Text!)] = row.Number;
                    break;
                default:
                    ids.Enqueue(row.Id);
                    break;
            }
        }

        return (facts, ids);
    }

    /// <summary>
    /// The group's comments in one <c>INSERT</c> from arrays, with their parents' reply counts in the same statement.
    /// Ids come from <see cref="ReadFactsOnPostgreSqlAsync"/>, so nothing depends on the order rows are inserted in.
    /// </summary>
    private static async Task InsertOnPostgreSqlAsync(ForumDbContext db, List<Comment> stored, DateTime at)
    {
        const string sql = """
            WITH inserted AS (
                INSERT INTO "Comments" ("Id", "ThreadId", "ParentId", "Depth", "ReplyCount", "AuthorId", "AuthorName", "Body", "BodyFormat",
                    "BodyHtml", "CreatedAt", "State", "ClientRequestId", "Version", "UpVotes", "DownVotes", "Score", "BestRank")
                SELECT n.id, n.thread, n.parent, n.depth, 0, n.author, n.author_name, n.body, @format,
                    n.html, @at, @state, n.request, 0, 0, 0, 0, 0
                FROM unnest(@ids, @threads, @parents, @depths, @authors, @names, @bodies, @htmls, @requests)
                    AS n(id, thread, parent, depth, author, author_name, body, html, request)
                RETURNING 1),
            replies AS (
                UPDATE "Comments" AS c SET "ReplyCount" = c."ReplyCount" + r.added
                FROM (SELECT p.parent, count(*)::int AS added FROM unnest(@parents) AS p(parent) WHERE p.parent IS NOT NULL GROUP BY p.parent) AS r
                WHERE c."Id" = r.parent
                RETURNING 1)
            SELECT (SELECT count(*) FROM inserted)::int AS "Value"
            """;
        var inserted = await db.Database.SqlQueryRaw<int>(
                sql,
                new NpgsqlParameter<int>("format", NpgsqlDbType.Integer) { TypedValue = (int)BodyFormat.Markdown },
                new NpgsqlParameter<DateTime>("at", NpgsqlDbType.TimestampTz) { TypedValue = DateTime.SpecifyKind(at, DateTimeKind.Utc) },
                new NpgsqlParameter<int>("state", NpgsqlDbType.Integer) { TypedValue = (int)CommentState.Visible },
                LongArray("ids", stored.Select(c => c.Id)),
                LongArray("threads", stored.Select(c => c.ThreadId)),
                new NpgsqlParameter<long?[]>("parents", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. stored.Select(c => c.ParentId)] },
                new NpgsqlParameter<int[]>("depths", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. stored.Select(c => c.Depth)] },
                new NpgsqlParameter<long?[]>("authors", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. stored.Select(c => c.AuthorId)] },
                TextArray("names", stored.Select(c => c.AuthorName)),
                TextArray("bodies", stored.Select(c => c.Body)),
                TextArray("htmls", stored.Select(c => c.BodyHtml)),
                TextArray("requests", stored.Select(c => c.ClientRequestId)))
            .ToListAsync();
        if (inserted.Count != 1 || inserted[0] != stored.Count)
        {
            throw new InvalidOperationException($"Inserting {stored.Count} comments stored {inserted.FirstOrDefault()}.");
        }
    }

    private static NpgsqlParameter<long[]> LongArray(string name, IEnumerable<long> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. values] };

    private static NpgsqlParameter<string?[]> TextArray(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] };

    /// <summary>One row of the facts query: which fact it is in <see cref="Kind"/>, the rest as that kind needs.</summary>
    private sealed class FactRow
    {
        public int Kind { get; init; }
        public long Id { get; init; }
        public long Number { get; init; }
        public int State { get; init; }
        public int Depth { get; init; }
        public string? Text { get; init; }
        public DateTime? At { get; init; }
    }
}
