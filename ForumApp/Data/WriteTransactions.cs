using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ForumApp.Data;

/// <summary>
/// Write transactions that queue without holding a thread. SQLite lets one writer in at a time, and a writer
/// that finds the lock taken sleeps in SQLite's busy handler, blocking its thread-pool thread (async methods of
/// Microsoft.Data.Sqlite run synchronously). Waiting on an async gate first means writers of this process reach
/// <c>BEGIN IMMEDIATE</c> one by one and get the lock the moment it is free; the busy handler is then only for
/// other processes and for writes outside an explicit transaction. SQL Server locks rows, so it gets no gate.
/// </summary>
public static class WriteTransactions
{
    // Keyed by database file, not held per service: the lock being mirrored belongs to the file, so two
    // app hosts in one process (as in tests) on the same database must queue at the same gate.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public static async Task<IDbContextTransaction> BeginWriteTransactionAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        if (!database.IsSqlite())
        {
            return await database.BeginTransactionAsync(cancellationToken);
        }

        var gate = _gates.GetOrAdd(GateKey(database.GetConnectionString()), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return new GatedTransaction(await database.BeginTransactionAsync(cancellationToken), gate);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private static string GateKey(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return dataSource.Length == 0 || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? connectionString ?? ""
            : Path.GetFullPath(dataSource);
    }

    /// <summary>The provider's transaction, which lets the next writer in once it is disposed.</summary>
    private sealed class GatedTransaction(IDbContextTransaction inner, SemaphoreSlim gate) : IDbContextTransaction
    {
        private int _released;

        public Guid TransactionId => inner.TransactionId;

        public void Commit() => inner.Commit();

        public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public void Rollback() => inner.Rollback();

        public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        public void Dispose()
        {
            try
            {
                inner.Dispose();
            }
            finally
            {
                Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
            }
            finally
            {
                Release();
            }
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
