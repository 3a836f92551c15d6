using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace ForumApp.Data;

/// <summary>
/// What a provider's exception means, so callers never compare a provider's error codes themselves.
/// Each check walks the inner exceptions, as EF wraps the provider's exception in its own.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>True when a unique index refused a row (e.g. a client request id stored meanwhile by another instance).</summary>
    public static bool IsUniqueViolation(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
                case SqliteException sqlite:
                    return sqlite.SqliteExtendedErrorCode is 2067 or 1555;
                case PostgresException postgres:
                    return postgres.SqlState == PostgresErrorCodes.UniqueViolation;
                // Cannot insert duplicate key row (unique index) / duplicate key (unique constraint).
                case SqlException sqlServer:
                    return sqlServer.Number is 2601 or 2627;
            }
        }

        return false;
    }

    /// <summary>
    /// True for failures of the database itself (locked, busy, unreadable, gone), not of the request.
    /// A deadlock or serialization failure on a server is the request's: tried again alone, it succeeds.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB, PERM, AUTH.
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is 5 or 6 or 8 or 10 or 11 or 13 or 14 or 15 or 26 or 3 or 23;
                case PostgresException postgres when postgres.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure:
                    return false;
                case DbException { IsTransient: true } or TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
