using System.Collections.Concurrent;
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
public abstract class ProviderSensitiveTests(ProviderDatabaseFixture fixture) : IAsyncLifetime
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
    public async Task TwentyPostersOnTwoInstancesGetGaplessSeqAndReadersNeverSeeAHole()
    {
        const int posters = 20;
        const int postsEach = 5;
        var instances = new[] { NewInstance(), NewInstance() };
        var starter = await instances[0].AddMemberAsync(null);
        var threadId = (await instances[0].StartThreadAsync(starter)).Id;
        var startSeq = await LastSeqAsync(threadId);
        var members = new List<TestMember>();
        for (var i = 0; i < posters; i++)
        {
            members.Add(await instances[0].AddMemberAsync(null));
        }

        // Catch-up reads "everything after seq N": that is only safe if no seq becomes visible before a smaller one.
        using var stopReading = new CancellationTokenSource();
        var holes = new ConcurrentQueue<string>();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stopReading.IsCancellationRequested)
            {
                await using var db = await Database.CreateDbContextAsync();
                var seqs = await db.ThreadEvents.Where(e => e.ThreadId == threadId && e.Seq > startSeq)
                    .OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
                if (seqs.Count > 0 && seqs[^1] != startSeq + seqs.Count)
                {
                    holes.Enqueue(string.Join(",", seqs));
                }

                reads++;
            }
        });

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = members.Select((member, index) => Task.Run(async () =>
        {
            await go.Task;
            var forum = instances[index % 2];
            var posted = new List<long>();
            for (var i = 0; i < postsEach; i++)
            {
                posted.Add(Succeeded(await forum.Comments.PostAsync(member.Principal, threadId, null, $"poster {index} post {i}", null)).Seq);
            }

            return posted;
        })).ToList();
        go.SetResult();
        var answered = (await Task.WhenAll(runs)).SelectMany(s => s).Order().ToList();
        await stopReading.CancelAsync();
        await reader;

        var expected = Enumerable.Range(1, posters * postsEach).Select(i => startSeq + i).ToList();
        Assert.Equal(expected, answered);
        await using var check = await Database.CreateDbContextAsync();
        var storedSeqs = await check.ThreadEvents.Where(e => e.ThreadId == threadId && e.Seq > startSeq).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
        Assert.Equal(expected, storedSeqs);
        var thread = await check.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId);
        Assert.Equal(startSeq + (posters * postsEach), thread.LastSeq);
        Assert.Equal(posters * postsEach, await check.Comments.CountAsync(c => c.ThreadId == threadId && c.ParentId == null && c.AuthorId != starter.Id));
        Assert.True(reads > 0);
        Assert.True(holes.IsEmpty, "A reader saw a later seq before an earlier one: " + string.Join(" | ", holes.Take(3)));
    }

    [ProviderFact]
    public async Task AGroupOfCommentsTakesAFewStatementsWhateverItsSizeAndTheThreadRowLast()
    {
        const int comments = 30;
        var forum = NewInstance();
        var threadId = await forum.AddThreadAsync();
        var drafts = new List<CommentDraft>();
        await using (var db = await Database.CreateDbContextAsync())
        {
            for (var i = 0; i < comments; i++)
            {
                var member = await forum.AddMemberAsync(null);
                var actor = await ForumApp.Features.Accounts.ForumActor.LoadAsync(db, member.Principal, default);
                drafts.Add(new CommentDraft(actor!, threadId, null, $"comment {i}", $"<p>comment {i}</p>", null));
            }
        }

        using var counter = new CommandCounter(Database);
        await using var writer = ServiceGraph.Writer(counter, forum.Limits, forum.Bus, forum.Clock);

        // Queued in one go, far faster than a commit: the writer takes them in one or two groups.
        var posted = drafts.Select(d => writer.PostAsync(d, default)).ToList();
        var seqs = (await Task.WhenAll(posted)).Select(r => Succeeded(r).Seq).Order().ToList();

        var startSeq = seqs[0] - 1;
        Assert.Equal(Enumerable.Range(1, comments).Select(i => startSeq + i), seqs);
        var groups = counter.Committed.Where(log => log.Any(c => c.Contains("INSERT INTO \"Comments\"", StringComparison.Ordinal))).ToList();
        Assert.InRange(groups.Count, 1, 2);
        foreach (var group in groups)
        {
            var statements = group.Where(c => c != CommandCounter.Commit).ToList();
            Assert.DoesNotContain(CommandCounter.Savepoint, statements);

            // The thread row's lock orders the commits, so it is taken after everything else, and only the events
            // follow it. On PostgreSQL a group is four round trips whatever its size: two reads (thread, authors), the
            // comments' batched insert, and the thread row with the events in one statement. (SQLite sends an insert
            // per row, each a function call rather than a round trip.)
            var takesThreadRow = statements.FindIndex(c => c.Contains("UPDATE \"Threads\"", StringComparison.Ordinal));
            Assert.True(takesThreadRow > 0, string.Join("\n", statements));
            Assert.All(statements.Take(takesThreadRow), c => Assert.DoesNotContain("ThreadEvents", c, StringComparison.Ordinal));
            Assert.All(statements.Skip(takesThreadRow + 1), c => Assert.True(
                c.Contains("INSERT INTO \"ThreadEvents\"", StringComparison.Ordinal) || c.Contains("\"LastSeq\"", StringComparison.Ordinal), c));
            if (Database.Provider == DatabaseProvider.PostgreSql)
            {
                Assert.True(statements.Count == 4, $"{statements.Count} statements, expected 4:\n" + string.Join("\n", statements));
                Assert.Equal(3, takesThreadRow);
            }

            Assert.Equal(CommandCounter.Commit, group[^1]);
        }
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
    public async Task BadCommentsAmongGoodOnesGetTheirOwnErrorsAndTheRestAreStored()
    {
        var forum = NewInstance();
        var member = await forum.AddMemberAsync(null);
        var openThread = await forum.AddThreadAsync();
        var lockedThread = await forum.AddThreadAsync(locked: true);
        var otherThread = await forum.AddThreadAsync();
        var elsewhere = await forum.PostAsync(member, otherThread, "a comment in another thread");

        // Fired together: the writer takes them in a few batches, good and bad mixed.
        var good = Enumerable.Range(0, 30).Select(i => forum.Comments.PostAsync(member.Principal, openThread, null, $"good {i}", null)).ToList();
        var locked = Enumerable.Range(0, 5).Select(i => forum.Comments.PostAsync(member.Principal, lockedThread, null, $"locked {i}", null)).ToList();
        var wrongParent = Enumerable.Range(0, 5).Select(i => forum.Comments.PostAsync(member.Principal, openThread, elsewhere.Id, $"stray {i}", null)).ToList();
        await Task.WhenAll(good.Concat(locked).Concat(wrongParent));

        var stored = good.Select(t => Succeeded(t.Result)).ToList();
        Assert.Equal(30, stored.Select(p => p.Comment.Id).Distinct().Count());
        Assert.All(locked, t => AssertError(t.Result, ForumErrorKind.Conflict));
        Assert.All(wrongParent, t => AssertError(t.Result, ForumErrorKind.Invalid, "parentId"));
        await using var db = await Database.CreateDbContextAsync();
        Assert.Equal(30, await db.Comments.CountAsync(c => c.ThreadId == openThread));
        Assert.Equal(0, await db.Comments.CountAsync(c => c.ThreadId == lockedThread));
        Assert.Equal(30, (await db.Threads.SingleAsync(t => t.Id == openThread)).CommentCount);
    }

    [ProviderFact]
    public async Task ARepeatedClientRequestIdIsStoredOnceAndAnsweredAsAReplay()
    {
        var forum = NewInstance();
        var member = await forum.AddMemberAsync(null);
        var threadId = await forum.AddThreadAsync();

        var first = Succeeded(await forum.Comments.PostAsync(member.Principal, threadId, null, "once", "request-1"));
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => forum.Comments.PostAsync(member.Principal, threadId, null, "once", "request-1")));

        Assert.False(first.Replayed);
        Assert.All(again, result =>
        {
            var replay = Succeeded(result);
            Assert.True(replay.Replayed);
            Assert.Equal(first.Comment.Id, replay.Comment.Id);
            Assert.Equal(first.Seq, replay.Seq);
        });
        await using var db = await Database.CreateDbContextAsync();
        Assert.Equal(1, await db.Comments.CountAsync(c => c.AuthorId == member.Id && c.ClientRequestId == "request-1"));
    }

    [ProviderFact]
    public async Task TwoInstancesRacingWithOneClientRequestIdStoreOneCommentAndReplayItToTheOther()
    {
        var one = NewInstance();
        var two = NewInstance();
        var member = await one.AddMemberAsync(null);
        var threadId = await one.AddThreadAsync();

        for (var round = 0; round < 10; round++)
        {
            var requestId = $"race-{round}";
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racers = new[] { one, two }.Select(forum => Task.Run(async () =>
            {
                await go.Task;
                return await forum.Comments.PostAsync(member.Principal, threadId, null, $"round {round}", requestId);
            })).ToList();
            go.SetResult();
            var answers = (await Task.WhenAll(racers)).Select(Succeeded).ToList();

            Assert.Single(answers.Select(a => a.Comment.Id).Distinct());
            Assert.Single(answers, a => !a.Replayed);
            Assert.Single(answers.Select(a => a.Seq).Distinct());
            await using var db = await Database.CreateDbContextAsync();
            Assert.Equal(1, await db.Comments.CountAsync(c => c.AuthorId == member.Id && c.ClientRequestId == requestId));
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
