using System.Collections.Concurrent;
using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using Microsoft.EntityFrameworkCore;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Data;

// The comment writer on each provider: what a group stores, how few statements it takes, gapless seqs committed in
// order, bad comments among good ones, and client request ids repeated on one instance or racing across two.
public abstract partial class ProviderSensitiveTests
{
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
        var groups = counter.Logs.Where(log => log.Any(c => c.Contains("INSERT INTO \"Comments\"", StringComparison.Ordinal))).ToList();
        Assert.InRange(groups.Count, 1, 2);
        foreach (var group in groups)
        {
            var statements = group.Where(c => c != CommandCounter.Commit).ToList();
            Assert.DoesNotContain(CommandCounter.Savepoint, statements);

            // The thread row's lock orders the commits, so it is taken after everything else, and only the events
            // follow it. On PostgreSQL a group is three statements whatever its size: the facts (thread, parents,
            // authors, request ids and the new comments' ids) in one read, the comments with their parents' reply
            // counts in one insert, and the thread row with the events in one statement. (SQLite sends an insert per
            // row, each a function call rather than a round trip.)
            var takesThreadRow = statements.FindIndex(c => c.Contains("UPDATE \"Threads\"", StringComparison.Ordinal));
            Assert.True(takesThreadRow > 0, string.Join("\n", statements));
            Assert.All(statements.Take(takesThreadRow), c => Assert.DoesNotContain("ThreadEvents", c, StringComparison.Ordinal));
            Assert.All(statements.Skip(takesThreadRow + 1), c => Assert.True(
                c.Contains("INSERT INTO \"ThreadEvents\"", StringComparison.Ordinal) || c.Contains("\"LastSeq\"", StringComparison.Ordinal), c));
            if (Database.Provider == DatabaseProvider.PostgreSql)
            {
                Assert.True(statements.Count == 3, $"{statements.Count} statements, expected 3:\n" + string.Join("\n", statements));
                Assert.Equal(2, takesThreadRow);

                // The COMMIT goes out with the thread row's statement, so the row is locked for one round trip, not two.
                Assert.EndsWith(";\nCOMMIT", statements[^1].TrimEnd(), StringComparison.Ordinal);
                Assert.DoesNotContain(CommandCounter.Commit, group);
            }
            else
            {
                Assert.Equal(CommandCounter.Commit, group[^1]);
            }
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
    public async Task AGroupStoresEachCommentAsItsPosterSentItWithItsOwnSeqAndEventAndCountsTheReplies()
    {
        var forum = NewInstance();
        var ann = await forum.AddMemberAsync(null);
        var bob = await forum.AddMemberAsync(null);
        var threadId = await forum.AddThreadAsync();
        var top = await forum.PostAsync(ann, threadId, "A question.");
        var reply = await forum.PostAsync(bob, threadId, "An answer.", top.Id);
        var startSeq = await LastSeqAsync(threadId);

        var drafts = new List<CommentDraft>();
        await using (var db = await Database.CreateDbContextAsync())
        {
            var actors = new[] { await ForumActor.LoadAsync(db, ann.Principal, default), await ForumActor.LoadAsync(db, bob.Principal, default) };
            for (var i = 0; i < 24; i++)
            {
                long? parent = (i % 3) switch { 0 => null, 1 => top.Id, _ => reply.Id };
                var requestId = i % 4 == 0 ? $"group-{i}-{Guid.NewGuid():N}" : null;
                drafts.Add(new CommentDraft(actors[i % 2]!, threadId, parent, $"comment {i}", $"<p>comment {i}</p>", requestId));
            }
        }

        await using var writer = ServiceGraph.Writer(Database, forum.Limits, forum.Bus, forum.Clock);
        var posted = drafts.Select(d => writer.PostAsync(d, default)).ToList();
        var answers = (await Task.WhenAll(posted)).Select(Succeeded).ToList();

        await using var check = await Database.CreateDbContextAsync();
        var rows = await check.Comments.AsNoTracking().Where(c => c.ThreadId == threadId && c.Id > reply.Id).ToDictionaryAsync(c => c.Id);
        var events = await check.ThreadEvents.AsNoTracking().Where(e => e.ThreadId == threadId && e.Seq > startSeq).ToListAsync();
        Assert.Equal(drafts.Count, rows.Count);
        Assert.Equal(Enumerable.Range(1, drafts.Count).Select(i => startSeq + i), answers.Select(a => a.Seq).Order());
        for (var i = 0; i < drafts.Count; i++)
        {
            var (draft, answer) = (drafts[i], answers[i]);
            var row = rows[answer.Comment.Id];
            Assert.False(answer.Replayed);
            Assert.Equal((draft.Body, draft.BodyHtml, draft.ParentId, draft.Author.Id, draft.ClientRequestId), (row.Body, row.BodyHtml, row.ParentId, row.AuthorId, row.ClientRequestId));
            Assert.Equal(draft.Author.DisplayName, row.AuthorName);
            Assert.Equal(draft.ParentId is null ? 0 : draft.ParentId == top.Id ? 1 : 2, row.Depth);
            Assert.Equal((CommentState.Visible, BodyFormat.Markdown, 0, 0L, 0, 0.0), (row.State, row.BodyFormat, row.ReplyCount, row.Version, row.Score, row.BestRank));
            Assert.Equal(answer.Comment.CreatedAt, row.CreatedAt, TimeSpan.FromMilliseconds(1));
            Assert.Equal((answer.Comment.Body, answer.Comment.ParentId), (draft.Body, draft.ParentId));
            var posting = Assert.Single(events, e => e.CommentId == row.Id);
            Assert.Equal((ThreadEventKind.Posted, answer.Seq), (posting.Kind, posting.Seq));
        }

        // Seqs follow the ids within a group, as they always did.
        var bySeq = events.OrderBy(e => e.Seq).Select(e => e.CommentId!.Value).ToList();
        Assert.Equal(bySeq.Order(), bySeq);
        var replies = await check.Comments.AsNoTracking().Where(c => c.Id == top.Id || c.Id == reply.Id).ToDictionaryAsync(c => c.Id, c => c.ReplyCount);
        Assert.Equal(1 + drafts.Count(d => d.ParentId == top.Id), replies[top.Id]);
        Assert.Equal(drafts.Count(d => d.ParentId == reply.Id), replies[reply.Id]);
        var thread = await check.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId);
        Assert.Equal((startSeq + drafts.Count, 2 + drafts.Count), (thread.LastSeq, thread.CommentCount));
    }

    [ProviderFact]
    public async Task TheWriterRefusesFromWhatTheDatabaseSaysAtCommitTime()
    {
        var forum = NewInstance();
        var ann = await forum.AddMemberAsync(null);
        var bob = await forum.AddMemberAsync(null);
        var threadId = await forum.AddThreadAsync();
        var removedThread = await forum.AddThreadAsync(removed: true);
        var deleted = await forum.PostAsync(ann, threadId, "Soon gone.");
        Succeeded(await forum.Comments.DeleteAsync(ann.Principal, threadId, deleted.Id));
        var earlier = Succeeded(await forum.Comments.PostAsync(ann.Principal, threadId, null, "First.", "used-once"));

        ForumActor annActor, bobActor;
        await using (var db = await Database.CreateDbContextAsync())
        {
            annActor = (await ForumActor.LoadAsync(db, ann.Principal, default))!;
            bobActor = (await ForumActor.LoadAsync(db, bob.Principal, default))!;

            // Suspended after the actor was loaded: only the writer's own read can see it.
            await db.Users.Where(u => u.Id == bob.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.SuspendedUntil, forum.Clock.GetUtcNow().UtcDateTime.AddDays(1)));
        }

        await using var writer = ServiceGraph.Writer(Database, forum.Limits, forum.Bus, forum.Clock);
        var answers = await Task.WhenAll(
            writer.PostAsync(new CommentDraft(bobActor, threadId, null, "suspended", "<p>suspended</p>", null), default),
            writer.PostAsync(new CommentDraft(annActor, removedThread, null, "removed thread", "<p>removed thread</p>", null), default),
            writer.PostAsync(new CommentDraft(annActor, threadId, deleted.Id, "to a deleted one", "<p>to a deleted one</p>", null), default),
            writer.PostAsync(new CommentDraft(annActor, threadId, null, "First, again.", "<p>First, again.</p>", "used-once"), default),
            writer.PostAsync(new CommentDraft(annActor, removedThread, null, "elsewhere", "<p>elsewhere</p>", "used-once"), default),
            writer.PostAsync(new CommentDraft(annActor, threadId, earlier.Comment.Id, "A good reply.", "<p>A good reply.</p>", null), default));

        AssertError(answers[0], ForumErrorKind.Forbidden);
        AssertError(answers[1], ForumErrorKind.NotFound);
        AssertError(answers[2], ForumErrorKind.Conflict);
        var replay = Succeeded(answers[3]);
        Assert.Equal((true, earlier.Comment.Id, earlier.Seq), (replay.Replayed, replay.Comment.Id, replay.Seq));
        AssertError(answers[4], ForumErrorKind.Conflict);
        var reply = Succeeded(answers[5]);
        Assert.Equal((false, 1, earlier.Seq + 1), (reply.Replayed, reply.Comment.Depth, reply.Seq));
        await using var check = await Database.CreateDbContextAsync();
        Assert.Equal(3, await check.Comments.CountAsync(c => c.ThreadId == threadId));
        Assert.Equal(0, await check.Comments.CountAsync(c => c.ThreadId == removedThread));
    }

    [ProviderFact]
    public async Task AThreadRowMissingAtTheLastStatementRollsTheCommentsBackInsteadOfCommittingThem()
    {
        var forum = NewInstance();
        var ann = await forum.AddMemberAsync(null);
        var threadId = await forum.AddThreadAsync();
        var at = forum.Clock.GetUtcNow().UtcDateTime;

        await using (var db = await Database.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync();
            var comment = new Comment { ThreadId = threadId, AuthorId = ann.Id, AuthorName = "Ann", Body = "orphan", BodyHtml = "<p>orphan</p>", CreatedAt = at };
            db.Comments.Add(comment);
            await db.SaveChangesAsync();

            // The events name a thread that is not there: on PostgreSQL the COMMIT travels with this statement, and
            // must not run once the statement has found no thread row.
            await Assert.ThrowsAnyAsync<Exception>(() => ThreadEventLog.AppendPostedAsync(db, long.MaxValue, [comment], at, commit: true));
        }

        await using var check = await Database.CreateDbContextAsync();
        Assert.False(await check.Comments.AnyAsync(c => c.Body == "orphan"));
        Assert.False(await check.ThreadEvents.AnyAsync(e => e.ThreadId == long.MaxValue));
    }
}
