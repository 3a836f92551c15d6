using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using Microsoft.EntityFrameworkCore;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Data;

/// <summary>
/// The behaviour that depends on the database provider, run on SQLite and on PostgreSQL: the comment writer's batches,
/// client request ids racing across two instances, gapless sequence numbers committed in order, keyset paging,
/// moderation writes, the health check and error classification. Each class has one database; each test makes its own
/// members and threads in it. Two <see cref="TestForum"/>s on one database are two instances (two service graphs).
/// </summary>
public abstract partial class ProviderSensitiveTests(ProviderDatabaseFixture fixture) : IAsyncLifetime
{
    private readonly List<TestForum> _forums = [];

    private ITestDatabase Database => fixture.Database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var forum in _forums)
        {
            await forum.DisposeAsync();
        }
    }

    private TestForum NewInstance()
    {
        var forum = TestForum.On(Database);
        _forums.Add(forum);
        return forum;
    }

    [ProviderFact]
    public async Task MigrationsLeaveNothingPending()
    {
        await using var db = await Database.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [ProviderFact]
    public async Task ProducersOfTwoInstancesAtOnceStoreEachNotificationOnceAndMoveTheCursorToTheEnd()
    {
        var instances = new[] { NewInstance(), NewInstance() };
        var ann = await instances[0].AddMemberAsync(null);
        var thread = await instances[0].AddThreadAsync();
        var question = await instances[0].PostAsync(ann, thread, "Ask me anything.");
        for (var i = 0; i < 6; i++)
        {
            await instances[i % 2].PostAsync(await instances[0].AddMemberAsync(null), thread, $"Reply {i}.", question.Id);
        }

        using var one = instances[0].NewNotificationProducer();
        using var two = instances[1].NewNotificationProducer();
        await Task.WhenAll(DrainAsync(one), DrainAsync(two));

        await using var db = await Database.CreateDbContextAsync();
        Assert.Equal(6, await db.Notifications.CountAsync(n => n.RecipientId == ann.Id && n.Kind == NotificationKind.Reply));
        Assert.Equal(await LastSeqAsync(thread), await db.NotificationCursors.Where(c => c.ThreadId == thread).Select(c => c.Seq).SingleAsync());

        static async Task DrainAsync(ForumApp.Features.Notifications.NotificationProducer producer)
        {
            while (await producer.ProduceAsync() > 0)
            {
            }
        }
    }

    [ProviderFact]
    public async Task ABackgroundRoundStepsAsideWhileAnotherInstanceRunsOneAndTheNextCatchesUp()
    {
        var forum = NewInstance();
        var ann = await forum.AddMemberAsync(null);
        var thread = await forum.AddThreadAsync();
        var question = await forum.PostAsync(ann, thread, "Ask me anything.");
        await forum.PostAsync(await forum.AddMemberAsync(null), thread, "A reply.", question.Id);
        using var producer = forum.NewNotificationProducer();

        if (Database.Provider == DatabaseProvider.PostgreSql)
        {
            // Another instance's round holds the round lock.
            await using var other = await Database.CreateDbContextAsync();
            await using var otherRound = await other.Database.BeginTransactionAsync();
            await other.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ForumApp.Features.Notifications.NotificationProducer.RoundLockKey})");

            Assert.Equal(0, await producer.ProduceUnlessBusyAsync());
            Assert.Equal(0, await RepliesToAsync(ann));
            await otherRound.RollbackAsync();
        }

        Assert.True(await producer.ProduceUnlessBusyAsync() > 0, "the round after read the log");
        Assert.Equal(1, await RepliesToAsync(ann));

        async Task<int> RepliesToAsync(TestMember member)
        {
            await using var db = await Database.CreateDbContextAsync();
            return await db.Notifications.CountAsync(n => n.RecipientId == member.Id && n.Kind == NotificationKind.Reply);
        }
    }

    [ProviderFact]
    public async Task KeysetPagesWalkTheSameOrderAsTheWholeTree()
    {
        var forum = NewInstance();
        var member = await forum.AddMemberAsync(null);
        var threadId = await forum.AddThreadAsync();
        var random = new Random(11);
        var ids = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            long? parentId = ids.Count > 0 && random.Next(3) > 0 ? ids[random.Next(ids.Count)] : null;
            ids.Add((await forum.PostAsync(member, threadId, $"comment {i}", parentId)).Id);
        }

        foreach (var newestFirst in new[] { false, true })
        {
            var whole = await forum.Threads.GetAsync(threadId, new CommentPage(NewestFirst: newestFirst));
            var walked = new List<long>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await forum.Threads.GetAsync(threadId, new CommentPage(7, cursor, newestFirst));
                Assert.NotNull(page);
                walked.AddRange(page.Comments.Select(c => c.Id));
                cursor = page.NextCursor;
                pages++;
            }
            while (cursor is not null && pages < 100);

            Assert.Equal(60, whole!.Comments.Count);
            Assert.Equal(whole.Comments.Select(c => c.Id), walked);
        }
    }

    [ProviderFact]
    public async Task ModeratorsRemoveAndRestoreASubtreeAndLockAThread()
    {
        var forum = NewInstance();
        var member = await forum.AddMemberAsync(null);
        var moderator = await forum.AddModeratorAsync($"moderator {Guid.NewGuid():N}"[..30]);
        var threadId = await forum.AddThreadAsync();
        var root = await forum.PostAsync(member, threadId, "root");
        var reply = await forum.PostAsync(member, threadId, "reply", root.Id);
        var seqBefore = await LastSeqAsync(threadId);

        var removal = Succeeded(await forum.CommentModeration.RemoveCommentAsync(moderator.Principal, root.Id, "spam", includeReplies: true));
        Assert.Equal([root.Id, reply.Id], removal.RemovedCommentIds.Order());
        Assert.Equal(CommentState.RemovedByModerator, await StateAsync(reply.Id));

        Succeeded(await forum.CommentModeration.RestoreCommentAsync(moderator.Principal, root.Id));
        Assert.Equal(CommentState.Visible, await StateAsync(root.Id));
        Assert.Equal(CommentState.Visible, await StateAsync(reply.Id));

        Succeeded(await forum.ThreadModeration.LockThreadAsync(moderator.Principal, threadId, "cooling off"));
        AssertError(await forum.Comments.PostAsync(member.Principal, threadId, null, "too late", null), ForumErrorKind.Conflict);
        Assert.True(await LastSeqAsync(threadId) > seqBefore);
        await using var db = await Database.CreateDbContextAsync();
        Assert.True((await db.Threads.SingleAsync(t => t.Id == threadId)).Locked);
        var seqs = await db.ThreadEvents.Where(e => e.ThreadId == threadId).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
    }

    [ProviderFact]
    public async Task HealthCheckFindsTheDatabaseWritable()
    {
        var forum = NewInstance();

        Assert.True(await forum.Availability.ProbeAsync());
        Assert.True(forum.Availability.IsAvailable);
    }

    [ProviderFact]
    public async Task AUniqueViolationIsClassifiedAsSuchAndNotAsAnOutage()
    {
        var forum = NewInstance();
        var member = await forum.AddMemberAsync(null);
        var threadId = await forum.AddThreadAsync();
        await forum.Comments.PostAsync(member.Principal, threadId, null, "first", "dup");

        await using var db = await Database.CreateDbContextAsync();
        db.Comments.Add(new Comment
        {
            ThreadId = threadId,
            AuthorId = member.Id,
            AuthorName = member.DisplayName,
            Body = "second",
            BodyHtml = "<p>second</p>",
            CreatedAt = DateTime.UtcNow,
            ClientRequestId = "dup",
        });
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.True(DatabaseErrors.IsUniqueViolation(failure), failure.ToString());
        Assert.False(DatabaseErrors.IsUnavailable(failure));
    }

    private async Task<long> LastSeqAsync(long threadId)
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.Threads.Where(t => t.Id == threadId).Select(t => t.LastSeq).SingleAsync();
    }

    private async Task<CommentState> StateAsync(long commentId)
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.Comments.Where(c => c.Id == commentId).Select(c => c.State).SingleAsync();
    }
}

public sealed class ProviderSensitiveTestsOnSqlite(SqliteDatabaseFixture fixture)
    : ProviderSensitiveTests(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class ProviderSensitiveTestsOnPostgreSql(PostgreSqlDatabaseFixture fixture)
    : ProviderSensitiveTests(fixture), IClassFixture<PostgreSqlDatabaseFixture>, IRunsOnPostgreSql;
