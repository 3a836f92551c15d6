using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using ForumApp.Features.Threads;
using ForumApp.Seeding;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForumApp.Tests.Components;

/// <summary>
/// A real migrated SQLite database read through the real ThreadService, the way pages read it in the app.
/// </summary>
public sealed class TestForum : IAsyncDisposable
{
    public const string SeedFileName = "000_f60541067d832028.txt";

    private readonly SqliteTestDatabase _database;
    private readonly PostingLimits _limits;

    private TestForum(SqliteTestDatabase database, TimeProvider clock)
    {
        _database = database;
        _limits = new PostingLimits(Options.Create(new PostingLimitOptions()));
        Threads = new ThreadService(database, new BodyRenderer(new MarkdownRenderer()), _limits, clock);
    }

    public ThreadService Threads { get; }

    /// <summary>The id of the imported seed thread; zero when the forum is empty.</summary>
    public long SeedThreadId { get; private set; }

    /// <summary>The seed file as the importer read it, to compare pages against.</summary>
    public SeedDocument Seed { get; private set; } = null!;

    public static async Task<TestForum> CreateEmptyAsync() =>
        new(await SqliteTestDatabase.CreateAsync(), TimeProvider.System);

    /// <summary>A forum holding the real seed thread, imported by the real importer at <paramref name="importedAt"/>.</summary>
    public static async Task<TestForum> CreateSeededAsync(DateTimeOffset importedAt)
    {
        var clock = new FixedTimeProvider(importedAt);
        var forum = new TestForum(await SqliteTestDatabase.CreateAsync(), clock);
        var seedPath = RepoPaths.SeedFile(SeedFileName);
        var importer = new SeedImporter(forum._database, clock, NullLogger<SeedImporter>.Instance);
        forum.SeedThreadId = await importer.ImportFileAsync(seedPath)
            ?? throw new InvalidOperationException($"The seed {SeedFileName} was not imported.");
        forum.Seed = SeedParser.Parse(await File.ReadAllTextAsync(seedPath));
        return forum;
    }

    public async ValueTask DisposeAsync()
    {
        _limits.Dispose();
        await _database.DisposeAsync();
    }
}
