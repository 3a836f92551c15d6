using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ForumApp.Data;

/// <summary>
/// Per-connection SQLite settings. WAL lets readers run beside the writer; synchronous=NORMAL in WAL mode
/// survives a process kill (not a power loss) and makes commits far cheaper; the busy timeout makes a
/// writer wait for the lock instead of failing at once.
/// </summary>
internal sealed class SqlitePragmaInterceptor(int busyTimeoutMilliseconds) : DbConnectionInterceptor
{
    private readonly string _pragmas = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
