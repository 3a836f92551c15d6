using Microsoft.Data.Sqlite;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// Another process's hold on a SQLite file, played by a connection of its own: <c>BEGIN EXCLUSIVE</c> takes
/// the write lock until disposed. With <paramref name="readersToo"/> the connection also switches to the
/// exclusive locking mode, which keeps readers out as well (idle pooled connections must be cleared
/// first, or their open WAL index stops that lock from being taken).
/// </summary>
public sealed class DatabaseLockHolder : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private DatabaseLockHolder(SqliteConnection connection) => _connection = connection;

    public static async Task<DatabaseLockHolder> TakeAsync(string databasePath, bool readersToo = false)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False;Default Timeout=5");
        await connection.OpenAsync();
        var holder = new DatabaseLockHolder(connection);
        if (readersToo)
        {
            SqliteConnection.ClearAllPools();
            await holder.ExecuteAsync("PRAGMA locking_mode = EXCLUSIVE;");
        }

        await holder.ExecuteAsync("BEGIN EXCLUSIVE;");
        await holder.ExecuteAsync("UPDATE Threads SET Locked = Locked;");
        return holder;
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync("ROLLBACK;");
        await _connection.DisposeAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
