using System.Collections.Concurrent;
using System.Diagnostics;
using ForumApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// A context factory that writes down, per context it made, every command EF sent, every savepoint and the commit,
/// in order: what a unit of work costs in statements (each one a round trip on a database server). It listens to
/// EF's diagnostic events, which every context in the process raises, and keeps only those of its own contexts.
/// </summary>
public sealed class CommandCounter : IDbContextFactory<ForumDbContext>, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public const string Commit = "COMMIT";
    public const string Savepoint = "SAVEPOINT";

    private readonly IDbContextFactory<ForumDbContext> _inner;
    private readonly ConcurrentDictionary<DbContext, ConcurrentQueue<string>> _logs = new(ReferenceEqualityComparer.Instance);
    private readonly List<IDisposable> _subscriptions = [];

    public CommandCounter(IDbContextFactory<ForumDbContext> inner)
    {
        _inner = inner;
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>What each context did, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Logs =>
        _logs.Values.Select(log => (IReadOnlyList<string>)[.. log]).ToList();

    /// <summary>What each context that committed through its transaction object did, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Committed =>
        _logs.Values.Select(log => (IReadOnlyList<string>)[.. log]).Where(log => log.Contains(Commit)).ToList();

    public ForumDbContext CreateDbContext()
    {
        var db = _inner.CreateDbContext();
        _logs[db] = new ConcurrentQueue<string>();
        return db;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        var entry = value.Value switch
        {
            CommandExecutedEventData executed => executed.Command.CommandText,
            TransactionEndEventData when value.Key == RelationalEventId.TransactionCommitted.Name => Commit,
            TransactionEventData when value.Key == RelationalEventId.CreatedTransactionSavepoint.Name => Savepoint,
            _ => null,
        };
        if (entry is not null && value.Value is DbContextEventData { Context: { } context } && _logs.TryGetValue(context, out var log))
        {
            log.Enqueue(entry);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
    }
}
