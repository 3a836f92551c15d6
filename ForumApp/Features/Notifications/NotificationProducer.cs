using ForumApp.Data;
using ForumApp.Features.Moderation;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Notifications;

/// <summary>
/// Makes reply, mention, removal and restoration notifications from the thread event log, after the fact and
/// off the request path, so the batched comment writer does no extra work per comment. Why the log rather
/// than the writer's own hand-over: the log is committed with the comments, so nothing is lost when this
/// instance dies between a commit and its notifications. Each thread has a cursor (the last sequence read),
/// stored in the same transaction as the notifications it led to, so a restart resumes where the last
/// round committed. Two instances may read the same events; the unique (recipient, dedupe key) index keeps
/// their notifications single, and a round that collides is simply run again. Moderation outcomes that are
/// not in the log (a report resolved, a suspension) are written by the moderation action itself.
/// </summary>
public sealed partial class NotificationProducer(
    IDbContextFactory<ForumDbContext> dbFactory,
    ForumEventBus bus,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<NotificationProducer> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _oneRound = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.ProduceInBackground)
        {
            return;
        }

        // Every comment event, this instance's or (through Redis) another's, moves some thread's list entry.
        using var subscription = bus.SubscribeThreadList(_ =>
        {
            Wake();
            return Task.CompletedTask;
        });

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ProduceUnlessBusyAsync(stoppingToken) > 0)
                {
                }

                await _wake.WaitAsync(settings.PollInterval, stoppingToken);
                await Task.Delay(settings.GatherDelay, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The cursors did not move: the next round reads the same events again.
                LogRoundFailed(exception);
                await Task.Delay(settings.PollInterval, clock, stoppingToken);
            }
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another event woke it already.
            }
        }
    }

    /// <summary>One round: reads the threads whose log moved past their cursor, stores what it causes; how many events it read.</summary>
    public Task<int> ProduceAsync(CancellationToken cancellationToken = default) => ProduceAsync(waitForOtherInstances: true, cancellationToken);

    /// <summary>A round as the background loop runs it: none (0 events read) while another instance runs one.</summary>
    internal Task<int> ProduceUnlessBusyAsync(CancellationToken cancellationToken = default) => ProduceAsync(waitForOtherInstances: false, cancellationToken);

    /// <param name="waitForOtherInstances">
    /// False in the background loop: while another instance runs a round, this one skips its own (0 events read).
    /// Nothing is lost: the instance holding the round hears the same events, each of which wakes it for another round.
    /// </param>
    private async Task<int> ProduceAsync(bool waitForOtherInstances, CancellationToken cancellationToken)
    {
        await _oneRound.WaitAsync(cancellationToken);
        try
        {
            return await ProduceRoundAsync(waitForOtherInstances, cancellationToken);
        }
        catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
        {
            // Another instance stored the same notifications or cursor first: the next round skips what it finds.
            LogCollided();
            return 1;
        }
        finally
        {
            _oneRound.Release();
        }
    }

    private async Task<int> ProduceRoundAsync(bool waitForOtherInstances, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // A failed round rolls back whole and runs again: a savepoint per SaveChanges would only add round trips.
        db.Database.AutoSavepointsEnabled = false;

        // On a database server every instance hears every comment and would run the same round at once: the
        // same reads, then a race on the cursor rows that all but one lose and roll back, on the cores the
        // writers need. Rounds take turns on an advisory lock instead; queueing for it, every instance would still
        // run a round of its own after each one, so the background loop skips when another instance holds it.
        // (SQLite is one process's file: its write gate already lets one round in at a time.)
        var (serialized, acquired) = await SerializeRoundAsync(db, waitForOtherInstances, cancellationToken);
        await using var roundLock = serialized;
        if (!acquired)
        {
            return 0;
        }

        var behind = await (
                from thread in db.Threads
                join cursor in db.NotificationCursors on thread.Id equals cursor.ThreadId into cursors
                from cursor in cursors.DefaultIfEmpty()
                where thread.LastSeq > (cursor == null ? 0 : cursor.Seq)
                orderby thread.Id
                select new { thread.Id, From = cursor == null ? 0 : cursor.Seq, Exists = cursor != null })
            .Take(settings.ThreadsPerRound)
            .ToListAsync(cancellationToken);
        if (behind.Count == 0)
        {
            return 0;
        }

        var read = new List<ThreadEvent>();
        var reachedSeq = new Dictionary<long, long>();
        foreach (var thread in behind)
        {
            var events = await db.ThreadEvents.AsNoTracking()
                .Where(e => e.ThreadId == thread.Id && e.Seq > thread.From)
                .OrderBy(e => e.Seq)
                .Take(settings.EventsPerThread)
                .ToListAsync(cancellationToken);
            if (events.Count > 0)
            {
                read.AddRange(events);
                reachedSeq[thread.Id] = events[^1].Seq;
            }
        }

        var oldest = clock.GetUtcNow().UtcDateTime - settings.MaxEventAge;
        var relevant = read
            .Where(e => e.CommentId is not null && e.At >= oldest
                && e.Kind is ThreadEventKind.Posted or ThreadEventKind.Edited or ThreadEventKind.Removed or ThreadEventKind.Restored)
            .ToList();
        var logged = await LoadCommentsAsync(db, relevant, cancellationToken);
        var recipients = logged.SelectMany(RecipientsOf).Distinct().ToList();
        var threadIds = logged.Select(e => e.ThreadId).Distinct().ToList();
        var optedOut = (await db.NotificationPreferences.AsNoTracking()
                .Where(p => recipients.Contains(p.UserId) && !p.Enabled)
                .Select(p => new { p.UserId, p.Kind })
                .ToListAsync(cancellationToken))
            .Select(p => (p.UserId, p.Kind)).ToHashSet();
        var muted = (await db.ThreadMutes.AsNoTracking()
                .Where(m => recipients.Contains(m.UserId) && threadIds.Contains(m.ThreadId))
                .Select(m => new { m.UserId, m.ThreadId })
                .ToListAsync(cancellationToken))
            .Select(m => (m.UserId, m.ThreadId)).ToHashSet();
        var planned = NotificationPlanner.Plan(logged, optedOut, muted);

        await using var ownTransaction = serialized is null ? await db.Database.BeginWriteTransactionAsync(cancellationToken) : null;
        var transaction = ownTransaction ?? serialized!;
        var fresh = await WithoutStoredAsync(db, planned, cancellationToken);
        db.Notifications.AddRange(fresh);
        foreach (var thread in behind)
        {
            if (!reachedSeq.TryGetValue(thread.Id, out var seq))
            {
                continue;
            }

            if (thread.Exists)
            {
                // Only forward: an instance that read less meanwhile never moves a cursor back.
                await db.NotificationCursors.Where(c => c.ThreadId == thread.Id && c.Seq < seq)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Seq, seq), cancellationToken);
            }
            else
            {
                db.NotificationCursors.Add(new NotificationCursor { ThreadId = thread.Id, Seq = seq });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await PublishAsync(db, fresh, cancellationToken);
        return read.Count;
    }

    /// <summary>
    /// On PostgreSQL, a transaction that holds the round's advisory lock until it commits or rolls back, and whether
    /// the lock was had (without waiting, another instance may hold it); elsewhere no transaction, and go ahead.
    /// </summary>
    private static async Task<(IDbContextTransaction? Transaction, bool Acquired)> SerializeRoundAsync(
        ForumDbContext db, bool wait, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return (null, true);
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (wait)
            {
                await db.Database.ExecuteSqlRawAsync(RoundLockSql, cancellationToken);
                return (transaction, true);
            }

            var acquired = await db.Database.SqlQueryRaw<bool>(TryRoundLockSql).SingleAsync(cancellationToken);
            return (transaction, acquired);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Any fixed key, the same in every instance; no other advisory lock of this app uses it.</summary>
    internal const long RoundLockKey = 7301715360370211;

    private static readonly string RoundLockSql = $"SELECT pg_advisory_xact_lock({RoundLockKey})";

    private static readonly string TryRoundLockSql = $"SELECT pg_try_advisory_xact_lock({RoundLockKey}) AS \"Value\"";

    private static IEnumerable<long> RecipientsOf(LoggedComment e) =>
        new[] { e.AuthorId, e.ParentAuthorId, e.ThreadAuthorId }.Where(id => id is not null).Select(id => id!.Value).Concat(e.Mentioned);

    private static async Task<IReadOnlyList<LoggedComment>> LoadCommentsAsync(
        ForumDbContext db, IReadOnlyList<ThreadEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var ids = events.Select(e => e.CommentId!.Value).Distinct().ToList();
        var comments = await db.Comments.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new
            {
                c.Id, c.AuthorId, c.AuthorName, c.Body, c.BodyFormat, c.State, c.DeletedById, c.Reason, c.RemovalBatchId,
                ParentAuthorId = c.Parent == null ? null : c.Parent.AuthorId,
                ThreadAuthorId = c.Thread!.AuthorId,
                ThreadRemoved = c.Thread.RemovedAt != null,
            })
            .ToDictionaryAsync(c => c.Id, cancellationToken);

        // Mentions only from what members wrote in markdown (imported seed text mentions nobody).
        var skeletonsOf = comments.Values
            .Where(c => c.AuthorId is not null && c.BodyFormat == BodyFormat.Markdown && c.State == CommentState.Visible)
            .ToDictionary(c => c.Id, c => MentionResolver.SkeletonsIn(c.Body));
        var members = (await MentionResolver.FindAsync(db, skeletonsOf.Values.SelectMany(s => s).Distinct().ToList(), cancellationToken))
            .ToDictionary(m => m.Skeleton, m => m.Id);

        var restorers = await RestorersAsync(db, events, cancellationToken);
        return events.Where(e => comments.ContainsKey(e.CommentId!.Value)).Select(e =>
        {
            var c = comments[e.CommentId!.Value];
            var mentioned = skeletonsOf.TryGetValue(c.Id, out var skeletons)
                ? skeletons.Where(members.ContainsKey).Select(s => members[s]).Take(MentionResolver.MaxMentions).ToList()
                : [];
            return new LoggedComment(e.ThreadId, e.Seq, e.Kind, e.At, c.Id, c.AuthorId, c.AuthorName, c.ParentAuthorId, c.ThreadAuthorId,
                c.ThreadRemoved, c.State, c.DeletedById, c.Reason, c.RemovalBatchId, mentioned,
                e.Kind == ThreadEventKind.Restored ? RestorerOf(restorers, c.Id, e.At) : null);
        }).ToList();
    }

    // A restored comment keeps no trace of who restored it; the moderation log, written in the same transaction as
    // the event and with the same time, does.
    private static async Task<ILookup<long, (DateTime At, long ModeratorId)>> RestorersAsync(
        ForumDbContext db, IReadOnlyList<ThreadEvent> events, CancellationToken cancellationToken)
    {
        var restoredIds = events.Where(e => e.Kind == ThreadEventKind.Restored).Select(e => e.CommentId!.Value).Distinct().ToList();
        if (restoredIds.Count == 0)
        {
            return Array.Empty<(long, DateTime, long)>().ToLookup(r => r.Item1, r => (r.Item2, r.Item3));
        }

        var entries = await db.ModerationLog.AsNoTracking()
            .Where(l => l.Action == ModerationActions.RestoreComment && l.TargetType == ModerationTargets.Comment && restoredIds.Contains(l.TargetId))
            .Select(l => new { l.TargetId, l.At, l.ModeratorId })
            .ToListAsync(cancellationToken);
        return entries.ToLookup(l => l.TargetId, l => (l.At, l.ModeratorId));
    }

    private static long? RestorerOf(ILookup<long, (DateTime At, long ModeratorId)> restorers, long commentId, DateTime at) =>
        restorers[commentId].Where(r => r.At <= at).OrderByDescending(r => r.At).Select(r => (long?)r.ModeratorId).FirstOrDefault();

    private static async Task<List<Notification>> WithoutStoredAsync(ForumDbContext db, IReadOnlyList<Notification> planned, CancellationToken cancellationToken)
    {
        if (planned.Count == 0)
        {
            return [];
        }

        var keys = planned.Select(n => n.DedupeKey!).Distinct().ToList();
        var recipients = planned.Select(n => n.RecipientId).Distinct().ToList();
        var stored = (await db.Notifications.AsNoTracking()
                .Where(n => n.DedupeKey != null && keys.Contains(n.DedupeKey) && recipients.Contains(n.RecipientId))
                .Select(n => new { n.RecipientId, n.DedupeKey })
                .ToListAsync(cancellationToken))
            .Select(n => (n.RecipientId, n.DedupeKey!)).ToHashSet();
        return planned.Where(n => !stored.Contains((n.RecipientId, n.DedupeKey!))).ToList();
    }

    private async Task PublishAsync(ForumDbContext db, IReadOnlyList<Notification> stored, CancellationToken cancellationToken)
    {
        try
        {
            await NotificationNotices.PublishAsync(db, bus, stored, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Stored is what counts: pages and clients read it on their next look.
            LogPublishFailed(exception);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        _oneRound.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round of notifications failed; it is tried again.")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance stored the same notifications first; the round runs again.")]
    private partial void LogCollided();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored notifications could not be pushed live.")]
    private partial void LogPublishFailed(Exception exception);
}
