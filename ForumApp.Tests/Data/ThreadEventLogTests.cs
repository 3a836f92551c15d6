using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Data;

/// <summary>The thread event log on a real SQLite file: gap-free numbering, atomic commits, UTC times.</summary>
public sealed class ThreadEventLogTests : IAsyncLifetime
{
    private static readonly DateTime _at = new(2031, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    private SqliteTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task CommitNumbersEventsFromOneWithoutGapsAndAdvancesLastSeq()
    {
        var threadId = await CreateThreadAsync();

        var first = await PostAsync(threadId, "one", "two", "three");
        var second = await PostAsync(threadId, "four", "five");

        Assert.Equal([1L, 2L, 3L], first.Select(e => e.Seq));
        Assert.Equal([4L, 5L], second.Select(e => e.Seq));
        Assert.All(first.Concat(second), e =>
        {
            Assert.Equal(threadId, e.ThreadId);
            Assert.Equal(ThreadEventKind.Posted, e.Kind);
            Assert.Equal(_at, e.At);
        });

        await using var db = _database.CreateDbContext();
        Assert.Equal(5, await LastSeqAsync(db, threadId));
        var stored = await db.ThreadEvents.AsNoTracking().Where(e => e.ThreadId == threadId).OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal([1L, 2L, 3L, 4L, 5L], stored.Select(e => e.Seq));

        // Each event points at the comment it was queued with, in the order they were queued.
        var bodiesBySeq = await (
                from e in db.ThreadEvents
                join c in db.Comments on e.CommentId equals c.Id
                where e.ThreadId == threadId
                orderby e.Seq
                select c.Body)
            .ToListAsync();
        Assert.Equal(["one", "two", "three", "four", "five"], bodiesBySeq);
    }

    [Fact]
    public async Task EachThreadHasItsOwnSequence()
    {
        var firstThread = await CreateThreadAsync();
        var secondThread = await CreateThreadAsync();

        await PostAsync(firstThread, "a", "b");
        var other = await PostAsync(secondThread, "c");

        Assert.Equal([1L], other.Select(e => e.Seq));
        await using var db = _database.CreateDbContext();
        Assert.Equal(2, await LastSeqAsync(db, firstThread));
        Assert.Equal(1, await LastSeqAsync(db, secondThread));
    }

    [Fact]
    public async Task ConcurrentWritersGetEverySeqExactlyOnce()
    {
        const int writers = 8;
        const int commitsPerWriter = 10;
        var threadId = await CreateThreadAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var seqs = new List<long>();
            for (var commit = 0; commit < commitsPerWriter; commit++)
            {
                // A fresh context per commit, as services do.
                var events = await PostAsync(threadId, $"writer {writer} commit {commit}");
                seqs.Add(Assert.Single(events).Seq);
            }

            return seqs;
        })));

        const int total = writers * commitsPerWriter;
        var expected = Enumerable.Range(1, total).Select(i => (long)i).ToList();
        Assert.Equal(expected, results.SelectMany(s => s).Order());
        Assert.All(results, seqs => Assert.Equal(seqs.Order(), seqs));

        await using var db = _database.CreateDbContext();
        Assert.Equal(total, await LastSeqAsync(db, threadId));
        var stored = await db.ThreadEvents.AsNoTracking().Where(e => e.ThreadId == threadId).OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal(expected, stored.Select(e => e.Seq));
        Assert.Equal(total, stored.Select(e => e.CommentId).Distinct().Count());
        Assert.Equal(total, await db.Comments.CountAsync(c => c.ThreadId == threadId));
    }

    [Fact]
    public async Task UnknownThreadLeavesNothingWritten()
    {
        var threadId = await CreateThreadAsync();
        await PostAsync(threadId, "before");

        await using (var db = _database.CreateDbContext())
        {
            var comment = NewComment(threadId, "never stored");
            db.Comments.Add(comment);
            await Assert.ThrowsAsync<InvalidOperationException>(() => ThreadEventLog.CommitWithEventsAsync(
                db, threadId + 1000, [new PendingThreadEvent(ThreadEventKind.Posted, comment)], _at));
        }

        await AssertThreadUnchangedAsync(threadId, ["before"], lastSeq: 1);
    }

    [Fact]
    public async Task CommentViolatingAConstraintLeavesNothingWritten()
    {
        var threadId = await CreateThreadAsync();
        await PostAsync(threadId, "before");

        await using (var db = _database.CreateDbContext())
        {
            var orphan = NewComment(threadId, "reply to nothing");
            orphan.ParentId = 999_999;
            db.Comments.Add(orphan);
            await Assert.ThrowsAsync<DbUpdateException>(() => ThreadEventLog.CommitWithEventsAsync(
                db, threadId, [new PendingThreadEvent(ThreadEventKind.Posted, orphan)], _at));
        }

        await AssertThreadUnchangedAsync(threadId, ["before"], lastSeq: 1);
    }

    [Fact]
    public async Task FailureWritingTheEventRollsBackTheChangeAndTheSeq()
    {
        var threadId = await CreateThreadAsync();
        await PostAsync(threadId, "before");

        // A stray event already holding the next number makes the event insert fail after the
        // comment is saved and LastSeq advanced: both must be undone with it.
        await using (var db = _database.CreateDbContext())
        {
            db.ThreadEvents.Add(new ThreadEvent { ThreadId = threadId, Seq = 2, Kind = ThreadEventKind.Locked, At = _at });
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateDbContext())
        {
            var comment = NewComment(threadId, "collides");
            db.Comments.Add(comment);
            await Assert.ThrowsAsync<DbUpdateException>(() => ThreadEventLog.CommitWithEventsAsync(
                db, threadId, [new PendingThreadEvent(ThreadEventKind.Posted, comment)], _at));
        }

        await AssertThreadUnchangedAsync(threadId, ["before"], lastSeq: 1, events: [1, 2]);
    }

    [Fact]
    public async Task TimesAreReadBackAsUtc()
    {
        var threadId = await CreateThreadAsync();
        await PostAsync(threadId, "timed");
        await using (var db = _database.CreateDbContext())
        {
            var comment = await db.Comments.SingleAsync(c => c.ThreadId == threadId);
            comment.EditedAt = _at.AddMinutes(5);
            await db.SaveChangesAsync();
        }

        await using var reader = _database.CreateDbContext();
        var stored = await reader.Comments.AsNoTracking().SingleAsync(c => c.ThreadId == threadId);
        var threadEvent = await reader.ThreadEvents.AsNoTracking().SingleAsync(e => e.ThreadId == threadId);
        var projected = await reader.Threads.Where(t => t.Id == threadId).Select(t => new { t.CreatedAt, t.LastActivityAt }).SingleAsync();

        Assert.Equal(_at, stored.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
        Assert.Equal(_at.AddMinutes(5), stored.EditedAt);
        Assert.Equal(DateTimeKind.Utc, stored.EditedAt!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, threadEvent.At.Kind);
        Assert.Equal(_at, projected.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, projected.CreatedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, projected.LastActivityAt.Kind);
    }

    private Task<long> CreateThreadAsync() => _database.AddThreadAsync(_at);

    private async Task<IReadOnlyList<ThreadEvent>> PostAsync(long threadId, params string[] bodies)
    {
        await using var db = _database.CreateDbContext();
        var comments = bodies.Select(body => NewComment(threadId, body)).ToList();
        db.Comments.AddRange(comments);
        return await ThreadEventLog.CommitWithEventsAsync(
            db, threadId, comments.Select(c => new PendingThreadEvent(ThreadEventKind.Posted, c)).ToList(), _at);
    }

    private static Comment NewComment(long threadId, string body) => new()
    {
        ThreadId = threadId,
        AuthorName = "Tester",
        Body = body,
        BodyHtml = $"<p>{body}</p>",
        CreatedAt = _at,
    };

    private static Task<long> LastSeqAsync(ForumDbContext db, long threadId) =>
        db.Threads.Where(t => t.Id == threadId).Select(t => t.LastSeq).SingleAsync();

    private async Task AssertThreadUnchangedAsync(long threadId, string[] bodies, long lastSeq, long[]? events = null)
    {
        await using var db = _database.CreateDbContext();
        Assert.Equal(bodies, await db.Comments.OrderBy(c => c.Id).Select(c => c.Body).ToListAsync());
        Assert.Equal(lastSeq, await LastSeqAsync(db, threadId));
        Assert.Equal(
            events ?? Enumerable.Range(1, (int)lastSeq).Select(i => (long)i).ToArray(),
            await db.ThreadEvents.Where(e => e.ThreadId == threadId).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync());
    }
}
