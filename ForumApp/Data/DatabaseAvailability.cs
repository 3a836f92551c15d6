using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ForumApp.Data;

/// <summary>
/// Whether the database can be written to now, for pages to show a banner and pause posting while it
/// cannot. A cheap check decides: take the write lock and let go of it at once (a reader alone would
/// not notice another process holding the write lock of a WAL database), then read one row. Failed
/// writes elsewhere only ask for a check sooner, so one slow write under load never raises the banner.
/// </summary>
public sealed partial class DatabaseAvailability(
    IDbContextFactory<ForumDbContext> dbFactory,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseAvailability> logger)
{
    private readonly string _probeBusyTimeout = $"PRAGMA busy_timeout = {Math.Max(1, options.Value.ProbeBusyTimeoutMilliseconds)};";
    private readonly SemaphoreSlim _checkSoon = new(0, 1);
    private readonly SemaphoreSlim _probing = new(1, 1);
    private ImmutableList<Action<bool>> _subscribers = [];
    private volatile bool _available = true;

    public bool IsAvailable => _available;

    public TimeSpan ProbeEvery => options.Value.ProbeEvery;

    /// <summary>Calls <paramref name="onChange"/> with the new state whenever it changes; dispose to stop.</summary>
    public IDisposable Subscribe(Action<bool> onChange)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(onChange));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(onChange)));
    }

    /// <summary>Told by writers that failed: a failure that looks like the database itself asks for a check now.</summary>
    public void ReportFailure(Exception exception)
    {
        if (IsUnavailableError(exception) && _checkSoon.CurrentCount == 0)
        {
            try
            {
                _checkSoon.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another failure asked first; one check answers both.
            }
        }
    }

    /// <summary>Waits until the next regular check is due or a failure asks for one sooner.</summary>
    internal Task WaitForNextCheckAsync(CancellationToken cancellationToken) =>
        _checkSoon.WaitAsync(ProbeEvery, cancellationToken);

    /// <summary>Checks the database once and publishes the state if it changed.</summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken = default)
    {
        await _probing.WaitAsync(cancellationToken);
        try
        {
            var available = await CanWriteAsync(cancellationToken);
            if (available != _available)
            {
                _available = available;
                if (available)
                {
                    LogAvailableAgain(logger);
                }

                foreach (var subscriber in _subscribers)
                {
                    try
                    {
                        subscriber(available);
                    }
                    catch (Exception exception)
                    {
                        LogSubscriberFailed(logger, exception);
                    }
                }
            }

            return available;
        }
        finally
        {
            _probing.Release();
        }
    }

    /// <summary>True for failures of the database itself (locked, busy, unreadable, gone), not of the request.</summary>
    public static bool IsUnavailableError(Exception exception) => DatabaseErrors.IsUnavailable(exception);

    private async Task<bool> CanWriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            // SQLite's driver blocks its thread while it waits for a lock, and a connection's opening
            // statements wait as long as any command: so the check runs aside and is given up on in time.
            var deadline = TimeSpan.FromMilliseconds(options.Value.ProbeBusyTimeoutMilliseconds) + TimeSpan.FromSeconds(1);
            await Task.Run(() => TakeAndReleaseWriteLockAsync(cancellationToken), cancellationToken).WaitAsync(deadline, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (_available)
            {
                LogUnavailable(logger, exception);
            }

            return false;
        }
    }

    private async Task TakeAndReleaseWriteLockAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var waitSeconds = Math.Max(1, (int)Math.Ceiling(options.Value.ProbeBusyTimeoutMilliseconds / 1000.0));
        db.Database.SetCommandTimeout(waitSeconds);
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(_probeBusyTimeout, cancellationToken);

            // Neither statement may be cancelled: a cancellation landing between them would return the pooled
            // connection still holding the write lock, so every later writer and probe would fail until restart.
            // The wait is bounded by the busy timeout, and the caller stops waiting at its own deadline.
            await db.Database.ExecuteSqlRawAsync("BEGIN IMMEDIATE;", CancellationToken.None);
            await db.Database.ExecuteSqlRawAsync("ROLLBACK;", CancellationToken.None);
        }

        await db.Threads.AsNoTracking().AnyAsync(cancellationToken);
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The database is not available; posting is paused until it answers again.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database answers again; posting resumes.")]
    private static partial void LogAvailableAgain(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber to database availability failed.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
}

/// <summary>Checks the database every few seconds, and at once when a write failed.</summary>
internal sealed class DatabaseAvailabilityMonitor(DatabaseAvailability availability) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await availability.WaitForNextCheckAsync(stoppingToken);
                await availability.ProbeAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
