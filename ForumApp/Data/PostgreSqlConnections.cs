using Npgsql;

namespace ForumApp.Data;

/// <summary>Connection settings the forum wants on PostgreSQL unless the connection string says otherwise.</summary>
public static class PostgreSqlConnections
{
    /// <summary>
    /// Turns on automatic preparation. The write path runs the same dozen statements for every batch and every
    /// request; unprepared, PostgreSQL parses and plans each of them again on the cores the app shares with it.
    /// Prepared statements stay with a pooled physical connection across open and close.
    /// Also skips the session reset on every return to the pool: with prepared statements kept it is seven statements
    /// (DISCARD TEMP, RESET ALL, UNLISTEN and more), the most frequent the server ran, for session state the forum
    /// never leaves behind (no temporary tables, SET, LISTEN or session-level advisory locks; its locks are per transaction).
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!Mentions(connectionString, "Auto Prepare Min Usages", "AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }

        if (!Mentions(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static bool Mentions(string connectionString, params string[] keys) =>
        keys.Any(key => connectionString.Contains(key, StringComparison.OrdinalIgnoreCase));
}
