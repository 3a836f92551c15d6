using Npgsql;

namespace ForumApp.Chaos;

/// <summary>
/// Whether each thread's events were committed in the order of their sequence numbers, read from the
/// database server's own commit timestamps (PostgreSQL with <c>track_commit_timestamp</c>). An event
/// committed before a lower seq of the same thread is one a catching-up reader could skip for good:
/// it asked for "everything after n" and got n+2 while n+1 was still on its way.
/// </summary>
public static class CommitOrder
{
    /// <summary>Pairs of neighbouring events (seq n, n+1) of one thread where n+1 committed first, with examples.</summary>
    public static async Task<(long Violations, IReadOnlyList<string> Examples)> CheckAsync(
        string connectionString, IReadOnlyCollection<long> threadIds, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT "ThreadId", "Seq", pg_xact_commit_timestamp(xmin)
            FROM "ThreadEvents"
            WHERE "ThreadId" = ANY(@threads)
            ORDER BY "ThreadId", "Seq"
            """,
            connection);
        command.Parameters.AddWithValue("threads", threadIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);

        long violations = 0;
        var examples = new List<string>();
        long previousThread = 0, previousSeq = 0;
        DateTime? previousCommit = null;
        while (await reader.ReadAsync(ct))
        {
            var thread = reader.GetInt64(0);
            var seq = reader.GetInt64(1);
            DateTime? committed = reader.IsDBNull(2) ? null : reader.GetDateTime(2);
            if (committed is null)
            {
                throw new InvalidOperationException("The server keeps no commit timestamps: start it with track_commit_timestamp = on.");
            }

            if (thread == previousThread && committed < previousCommit)
            {
                violations++;
                if (examples.Count < 10)
                {
                    examples.Add($"thread {thread}: seq {seq} committed {(previousCommit - committed)!.Value.TotalMilliseconds:0.###} ms before seq {previousSeq}");
                }
            }

            (previousThread, previousSeq, previousCommit) = (thread, seq, committed);
        }

        return (violations, examples);
    }
}
