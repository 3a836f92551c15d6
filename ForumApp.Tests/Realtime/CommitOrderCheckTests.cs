using ForumApp.Chaos;
using ForumApp.Data;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Realtime;

/// <summary>
/// The chaos run's commit-order check reads the server's commit timestamps: it must find events committed in
/// seq order right and flag a later seq committed before an earlier one, the mistake a writer makes when it
/// reserves sequence numbers outside the transaction that stores the event.
/// </summary>
public sealed class CommitOrderCheckTests : IRunsOnPostgreSql
{
    [ProviderFact]
    public async Task EventsCommittedInSeqOrderPassAndALaterSeqCommittedFirstIsFound()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        var at = new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
        var inOrder = await database.AddThreadAsync(at, "Committed in order");
        var outOfOrder = await database.AddThreadAsync(at, "Committed out of order");

        // One transaction per event, each committed before the next starts.
        await AddEventAsync(database, inOrder, 1, at);
        await AddEventAsync(database, inOrder, 2, at);
        await AddEventAsync(database, inOrder, 3, at);
        await AddEventAsync(database, outOfOrder, 1, at);
        await AddEventAsync(database, outOfOrder, 3, at);
        await AddEventAsync(database, outOfOrder, 2, at);

        var (clean, _) = await CommitOrder.CheckAsync(database.ConnectionString, [inOrder], CancellationToken.None);
        var (violations, examples) = await CommitOrder.CheckAsync(database.ConnectionString, [inOrder, outOfOrder], CancellationToken.None);

        Assert.Equal(0, clean);
        Assert.Equal(1, violations);
        Assert.Contains($"thread {outOfOrder}: seq 3 committed", Assert.Single(examples), StringComparison.Ordinal);
    }

    private static async Task AddEventAsync(PostgreSqlTestDatabase database, long threadId, long seq, DateTime at)
    {
        await using var db = database.CreateDbContext();
        db.ThreadEvents.Add(new ThreadEvent { ThreadId = threadId, Seq = seq, Kind = ThreadEventKind.Locked, At = at });
        await db.SaveChangesAsync();
    }
}
