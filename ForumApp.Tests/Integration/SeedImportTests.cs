using System.Text.Json;
using ForumApp.Data;
using ForumApp.Seeding;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ForumApp.Tests.Integration;

/// <summary>Seed import at start-up: once per file, across restarts, and never stopped by a bad file.</summary>
public sealed class SeedImportTests
{
    private const string RealSeedName = "000_f60541067d832028.txt";
    private const int SeedCommentCount = 19;

    [Fact]
    public async Task RestartDoesNotImportTheSeedAgain()
    {
        var dataFolder = TestFolders.NewTempFolder("restart");
        try
        {
            await using (var first = new ForumAppFactory(dataFolder))
            {
                Assert.Equal((1, SeedCommentCount, SeedCommentCount), await CountAsync(first));
            }

            await using var second = new ForumAppFactory(dataFolder);
            Assert.Equal((1, SeedCommentCount, SeedCommentCount), await CountAsync(second));

            using var client = second.CreateClient();
            var thread = Assert.Single((await client.GetJsonAsync("/api/threads")).EnumerateArray());
            Assert.Equal(SeedCommentCount, thread.GetProperty("commentCount").GetInt32());
            var events = await client.GetJsonAsync($"/api/threads/{thread.GetProperty("id").GetInt64()}/events?after=0");
            Assert.Equal(Enumerable.Range(1, SeedCommentCount).Select(i => (long)i), events.EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        }
        finally
        {
            TestFolders.TryDelete(dataFolder);
        }
    }

    [Fact]
    public async Task SeedFileAddedBetweenStartsIsImportedOnce()
    {
        var dataFolder = TestFolders.NewTempFolder("new-seed");
        var seedFolder = TestFolders.NewTempFolder("seeds");
        try
        {
            File.Copy(RepoPaths.SeedFile(RealSeedName), Path.Combine(seedFolder, RealSeedName));
            await using (var first = new ForumAppFactory(dataFolder, seedFolder))
            {
                Assert.Equal((1, SeedCommentCount, SeedCommentCount), await CountAsync(first));
            }

            File.Copy(RepoPaths.SeedFile(RealSeedName), Path.Combine(seedFolder, "001_added_later.txt"));
            await using (var second = new ForumAppFactory(dataFolder, seedFolder))
            {
                Assert.Equal((2, 2 * SeedCommentCount, 2 * SeedCommentCount), await CountAsync(second));
            }

            await using var third = new ForumAppFactory(dataFolder, seedFolder);
            Assert.Equal((2, 2 * SeedCommentCount, 2 * SeedCommentCount), await CountAsync(third));

            // Each thread numbers its own events from 1.
            await using var db = await third.GetService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();
            var imports = (await db.SeedImports.AsNoTracking().ToListAsync()).OrderBy(s => s.FileName, StringComparer.Ordinal).ToList();
            Assert.Equal([RealSeedName, "001_added_later.txt"], imports.Select(s => s.FileName));
            Assert.NotEqual(imports[0].ThreadId, imports[1].ThreadId);
            foreach (var import in imports)
            {
                var seqs = await db.ThreadEvents.Where(e => e.ThreadId == import.ThreadId).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
                Assert.Equal(Enumerable.Range(1, SeedCommentCount).Select(i => (long)i), seqs);
                Assert.Equal(SeedCommentCount, await db.Threads.Where(t => t.Id == import.ThreadId).Select(t => t.LastSeq).SingleAsync());
            }
        }
        finally
        {
            TestFolders.TryDelete(dataFolder);
            TestFolders.TryDelete(seedFolder);
        }
    }

    [Fact]
    public async Task MalformedAndEmptySeedFilesAreLoggedByNameWhileTheGoodOnesAreImported()
    {
        var seedFolder = TestFolders.NewTempFolder("bad-seeds");
        var logs = new CapturingLoggerProvider();
        try
        {
            // The bad files sort first, so a good file after them proves the import carries on.
            File.WriteAllText(Path.Combine(seedFolder, "000_empty.txt"), "");
            File.WriteAllText(Path.Combine(seedFolder, "001_malformed.txt"), "A title\n\nAn article, but no comments line.\n");
            File.Copy(RepoPaths.SeedFile(RealSeedName), Path.Combine(seedFolder, "002_good.txt"));

            await using var app = new ForumAppFactory(seedFolder: seedFolder);
            await using var logged = app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
            using var client = logged.CreateClient();

            var threads = (await client.GetJsonAsync("/api/threads")).EnumerateArray().ToList();
            var thread = Assert.Single(threads);
            Assert.Equal(SeedCommentCount, thread.GetProperty("commentCount").GetInt32());

            var problems = logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
            var report = string.Join("\n", logs.Entries);
            Assert.Contains(problems, e => e.Message.Contains("000_empty.txt", StringComparison.Ordinal));
            Assert.Contains(problems, e => e.Message.Contains("001_malformed.txt", StringComparison.Ordinal));
            Assert.DoesNotContain(problems, e => e.Message.Contains("002_good.txt", StringComparison.Ordinal));
            Assert.True(
                logs.Entries.Any(e => e.Level == LogLevel.Information && e.Message.Contains("002_good.txt", StringComparison.Ordinal)),
                $"The good file's import was not logged:\n{report}");

            await using var db = await logged.Services.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();
            Assert.Equal(["002_good.txt"], await db.SeedImports.Select(s => s.FileName).ToListAsync());
            TestFolders.TryDelete(app.DataFolder);
        }
        finally
        {
            TestFolders.TryDelete(seedFolder);
        }
    }

    [Fact]
    public async Task ReplayingTheEventsFromZeroRebuildsTheThreadTheApiReturns()
    {
        await using var app = new ForumAppFactory();
        using var client = app.CreateClient();
        var threadId = Assert.Single((await client.GetJsonAsync("/api/threads")).EnumerateArray()).GetProperty("id").GetInt64();

        var replayed = new Dictionary<long, JsonElement>();
        long after = 0;
        while (true)
        {
            var page = (await client.GetJsonAsync($"/api/threads/{threadId}/events?after={after}")).EnumerateArray().ToList();
            foreach (var threadEvent in page)
            {
                Assert.Equal(after + 1, threadEvent.GetProperty("seq").GetInt64());
                after = threadEvent.GetProperty("seq").GetInt64();
                var comment = threadEvent.GetProperty("comment");
                if (comment.ValueKind != JsonValueKind.Null)
                {
                    replayed[comment.GetProperty("id").GetInt64()] = comment;
                }
            }

            if (page.Count < Features.Threads.ThreadService.MaxEventsPerRead)
            {
                break;
            }
        }

        var thread = await client.GetJsonAsync($"/api/threads/{threadId}");
        Assert.Equal(thread.GetProperty("lastSeq").GetInt64(), after);
        Assert.Equal(
            thread.GetProperty("comments").EnumerateArray().Select(c => c.GetRawText()),
            ApiJson.InDisplayOrder(replayed.Values).Select(c => c.GetRawText()));
        TestFolders.TryDelete(app.DataFolder);
    }

    [Fact]
    public async Task ImportingTheSameFileTwiceStoresItOnce()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var importedAt = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var importer = new SeedImporter(database, new TestClock(importedAt), NullLogger<SeedImporter>.Instance);
        var path = RepoPaths.SeedFile(RealSeedName);

        var first = await importer.ImportFileAsync(path);
        var second = await importer.ImportFileAsync(path);

        Assert.NotNull(first);
        Assert.Null(second);
        await using var db = database.CreateDbContext();
        var thread = await db.Threads.AsNoTracking().SingleAsync();
        Assert.Equal(first, thread.Id);
        Assert.Equal(importedAt.UtcDateTime, thread.CreatedAt);
        Assert.Equal(SeedCommentCount, thread.CommentCount);
        Assert.Equal(SeedCommentCount, thread.LastSeq);
        Assert.Equal(SeedCommentCount, await db.Comments.CountAsync());
        Assert.Equal(SeedCommentCount, await db.ThreadEvents.CountAsync());
        Assert.Equal(RealSeedName, (await db.SeedImports.SingleAsync()).FileName);

        // Import time plus file order: sorted by time, the comments read as the file does, depth-first.
        var stored = (await db.Comments.AsNoTracking().ToListAsync()).OrderBy(c => c.CreatedAt).ToList();
        Assert.Equal(SeedBodiesInFileOrder(), stored.Select(c => c.Body));
        Assert.Equal(SeedCommentCount, stored.Select(c => c.CreatedAt).Distinct().Count());
        Assert.All(stored, c => Assert.True(c.CreatedAt > importedAt.UtcDateTime, $"{c.CreatedAt:O} is not after the import."));
    }

    [Fact]
    public async Task TwoImportersRacingOverOneFileStoreItOnce()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var path = RepoPaths.SeedFile(RealSeedName);
        SeedImporter NewImporter() => new(database, TimeProvider.System, NullLogger<SeedImporter>.Instance);

        // Two instances starting at the same moment: both may see the file as new before either commits.
        var results = await Task.WhenAll(
            Task.Run(() => NewImporter().ImportFileAsync(path)),
            Task.Run(() => NewImporter().ImportFileAsync(path)));

        Assert.Single(results, id => id is not null);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.Threads.CountAsync());
        Assert.Equal(SeedCommentCount, await db.Comments.CountAsync());
        Assert.Equal(SeedCommentCount, await db.ThreadEvents.CountAsync());
    }

    [Fact]
    public async Task UnreadableSeedFileIsLoggedByNameAndSkipped()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seedFolder = TestFolders.NewTempFolder("unreadable-seeds");
        try
        {
            // A link whose target is gone is listed like a file but cannot be read.
            File.CreateSymbolicLink(Path.Combine(seedFolder, "000_dangling.txt"), Path.Combine(seedFolder, "missing-target"));
            File.Copy(RepoPaths.SeedFile(RealSeedName), Path.Combine(seedFolder, "001_good.txt"));
            var logs = new CapturingLoggerProvider();
            using var loggerFactory = new LoggerFactory([logs]);
            var importer = new SeedImporter(database, TimeProvider.System, loggerFactory.CreateLogger<SeedImporter>());

            var imported = await importer.ImportFolderAsync(seedFolder);

            Assert.Equal(1, imported);
            Assert.Contains(logs.Entries, e => e.Level >= LogLevel.Warning && e.Message.Contains("000_dangling.txt", StringComparison.Ordinal));
            await using var db = database.CreateDbContext();
            Assert.Equal(["001_good.txt"], await db.SeedImports.Select(s => s.FileName).ToListAsync());
        }
        finally
        {
            TestFolders.TryDelete(seedFolder);
        }
    }

    private static List<string> SeedBodiesInFileOrder()
    {
        var bodies = new List<string>();
        void Visit(IEnumerable<SeedComment> comments)
        {
            foreach (var comment in comments)
            {
                bodies.Add(comment.Body);
                Visit(comment.Replies);
            }
        }

        Visit(SeedParser.Parse(File.ReadAllText(RepoPaths.SeedFile(RealSeedName))).Comments);
        return bodies;
    }

    private static async Task<(int Threads, int Comments, int Events)> CountAsync(WebApplicationFactory<Program> app)
    {
        // Reading Services starts the app (and with it the seed import) if it has not started yet.
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ForumDbContext>>().CreateDbContextAsync();
        return (await db.Threads.CountAsync(), await db.Comments.CountAsync(), await db.ThreadEvents.CountAsync());
    }
}
