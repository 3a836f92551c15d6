using System.Globalization;
using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using ForumApp.Features.Votes;
using ForumApp.Realtime;
using ForumApp.Seeding;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>A member row in the test database, and the principal a signed-in page would carry for them.</summary>
public sealed record TestMember(long Id, string DisplayName, string Email, IReadOnlyList<string> Roles)
{
    public ClaimsPrincipal Principal => new(new ClaimsIdentity(Claims, "Test", ClaimTypes.Name, ClaimTypes.Role));

    public IEnumerable<Claim> Claims =>
    [
        new(ClaimTypes.NameIdentifier, Id.ToString(CultureInfo.InvariantCulture)),
        new(ClaimTypes.Name, Email),
        new(ForumClaims.DisplayName, DisplayName),
        .. Roles.Select(role => new Claim(ClaimTypes.Role, role)),
    ];
}

/// <summary>
/// A real migrated database (SQLite unless a test picks another provider) behind the app's real services, built the way the app registers them
/// (singletons, one event bus, one presence tracker), so pages under test read, write and go live as in the app.
/// </summary>
public sealed class TestForum : IAsyncDisposable
{
    public const string SeedFileName = "000_f60541067d832028.txt";

    private static int _members;

    private readonly ITestDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly List<PostingLimits> _ownedLimits = [];

    private TestForum(ITestDatabase database, TimeProvider clock, IDbContextFactory<ForumDbContext>? servicesFactory, bool ownsDatabase = true)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        Clock = clock;
        DbFactory = servicesFactory ?? database;
        Limits = ServiceGraph.Limits(new PostingLimitOptions
        {
            // Tests post far more often than a person would; the limits have their own tests.
            CommentsPerMinute = 10_000,
            NewAccountCommentsPerMinute = 10_000,
            ThreadsPerHour = 10_000,
        });
        Renderer = ServiceGraph.Renderer(Markdown);
        Bus = ServiceGraph.Bus();
        Guard = new ForumGuard(clock);
        Threads = ServiceGraph.Threads(DbFactory, Renderer, Limits, clock, Bus);
        Comments = ServiceGraph.Comments(DbFactory, Renderer, Limits, Bus, clock);
        CommentModeration = ServiceGraph.CommentModeration(DbFactory, Guard, Bus);
        ThreadModeration = ServiceGraph.ThreadModeration(DbFactory, Renderer, Guard, Bus);
        MemberModeration = ServiceGraph.MemberModeration(DbFactory, Guard, Bus);
        Roles = ServiceGraph.Roles(DbFactory, Guard);
        ModerationLog = ServiceGraph.ModerationLog(DbFactory, Guard);
        Reports = ServiceGraph.Reports(DbFactory, Bus, clock);
        Presence = ServiceGraph.Presence(clock);
        Availability = ServiceGraph.Availability(DbFactory);
        VoteLimits = new VoteLimits(Microsoft.Extensions.Options.Options.Create(new VoteLimitOptions { VotesPerMinute = 10_000 }));
        ScoreBatcher = new ScoreBatcher(DbFactory, Bus, clock, NullLogger<ScoreBatcher>.Instance);
        Votes = new VoteService(DbFactory, Guard, VoteLimits, ScoreBatcher, Threads.FirstScreens);
        Notifications = ServiceGraph.Notifications(DbFactory, Bus, clock);
        Reading = ServiceGraph.Reading(DbFactory, clock);
    }

    public TimeProvider Clock { get; }
    public IDbContextFactory<ForumDbContext> DbFactory { get; }
    public MarkdownRenderer Markdown { get; } = new();
    public BodyRenderer Renderer { get; }
    public PostingLimits Limits { get; }
    public ForumEventBus Bus { get; }
    public ThreadService Threads { get; }
    public CommentService Comments { get; }
    public ForumGuard Guard { get; }
    public CommentModerationService CommentModeration { get; }
    public ThreadModerationService ThreadModeration { get; }
    public MemberModerationService MemberModeration { get; }
    public RoleService Roles { get; }
    public ModerationLog ModerationLog { get; }
    public ReportService Reports { get; }
    public PresenceTracker Presence { get; }
    public DatabaseAvailability Availability { get; }
    public VoteLimits VoteLimits { get; }
    public ScoreBatcher ScoreBatcher { get; }
    public VoteService Votes { get; }
    public ForumApp.Features.Notifications.NotificationService Notifications { get; }

    /// <summary>A new producer, as a fresh instance (or one restarted) would have: it resumes from the stored cursors.</summary>
    public ForumApp.Features.Notifications.NotificationProducer NewNotificationProducer() => ServiceGraph.NotificationProducer(DbFactory, Bus, Clock);
    public ReadMarkService Reading { get; }

    /// <summary>The database itself, beneath any wrapper the services were given.</summary>
    public SqliteTestDatabase Database => _database as SqliteTestDatabase
        ?? throw new InvalidOperationException($"This forum runs on {_database.Provider}, not on a SQLite file.");

    /// <summary>The database whichever provider it is on.</summary>
    public ITestDatabase TestDatabase => _database;

    /// <summary>The database file, for tests that lock it from another connection.</summary>
    public string DatabaseFilePath => Database.FilePath;

    /// <summary>The id of the imported seed thread; zero when the forum is empty.</summary>
    public long SeedThreadId { get; private set; }

    /// <summary>The seed file as the importer read it, to compare pages against.</summary>
    public SeedDocument Seed { get; private set; } = null!;

    public static async Task<TestForum> CreateEmptyAsync(TimeProvider? clock = null) =>
        new(await SqliteTestDatabase.CreateAsync(), clock ?? TimeProvider.System, null);

    /// <summary>An empty forum on a database the caller owns (e.g. one per test class), which it leaves in place.</summary>
    public static TestForum On(ITestDatabase database, TimeProvider? clock = null) =>
        new(database, clock ?? TimeProvider.System, null, ownsDatabase: false);

    /// <summary>
    /// A forum holding the real seed thread, imported by the real importer at <paramref name="importedAt"/>.
    /// The services run on <paramref name="clock"/> (by default, a clock fixed at the import time).
    /// <paramref name="wrapDatabase"/> may put another context factory between the services and the database.
    /// </summary>
    public static async Task<TestForum> CreateSeededAsync(
        DateTimeOffset importedAt, TimeProvider? clock = null, Func<IDbContextFactory<ForumDbContext>, IDbContextFactory<ForumDbContext>>? wrapDatabase = null)
    {
        var database = await SqliteTestDatabase.CreateAsync();
        var forum = new TestForum(database, clock ?? new TestClock(importedAt, TestClockTimers.Real), wrapDatabase?.Invoke(database));
        var seedPath = RepoPaths.SeedFile(SeedFileName);
        var importer = new SeedImporter(database, new TestClock(importedAt), NullLogger<SeedImporter>.Instance);
        forum.SeedThreadId = await importer.ImportFileAsync(seedPath)
            ?? throw new InvalidOperationException($"The seed {SeedFileName} was not imported.");
        forum.Seed = SeedParser.Parse(await File.ReadAllTextAsync(seedPath));
        return forum;
    }

    /// <summary>Registers the services as the app does: singletons, except the per-circuit presence.</summary>
    public void AddServicesTo(IServiceCollection services)
    {
        services.AddSingleton(DbFactory);
        services.AddSingleton(Clock);
        services.AddSingleton(Markdown);
        services.AddSingleton(Renderer);
        services.AddSingleton(Limits);
        services.AddSingleton(Bus);
        services.AddSingleton(Threads);
        services.AddSingleton(sp => new ThreadListFeed(Bus, Threads, Clock, NullLogger<ThreadListFeed>.Instance));
        services.AddSingleton(Comments);
        services.AddSingleton(Guard);
        services.AddSingleton(CommentModeration);
        services.AddSingleton(ThreadModeration);
        services.AddSingleton(MemberModeration);
        services.AddSingleton(Roles);
        services.AddSingleton(ModerationLog);
        services.AddSingleton(Reports);
        services.AddSingleton(Presence);
        services.AddSingleton(ServiceGraph.Typing(DbFactory, Guard, Presence));
        services.AddSingleton(Availability);
        services.AddSingleton(Votes);
        services.AddSingleton(Notifications);
        services.AddSingleton(Reading);
        services.AddSingleton(new ForumApp.Features.Profiles.MentionSuggestions(DbFactory, Clock));
        services.AddScoped<CircuitPresence>();
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<CircuitPresence>());
        services.AddHttpContextAccessor();
        services.AddScoped<ForumApp.Web.CircuitClientAddress>();
    }

    /// <summary>A member (and, given roles, a moderator or admin) straight in the database, as registration leaves them.</summary>
    public Task<TestMember> AddMemberAsync(string? displayName = null, params string[] roles) =>
        AddMemberAsync(displayName, createdAt: null, suspendedUntil: null, roles);

    /// <summary>
    /// A member straight in the database, created <paramref name="createdAt"/> (by default a month before the clock's
    /// now, so no new-account rule applies) and suspended until <paramref name="suspendedUntil"/>, if given.
    /// </summary>
    public async Task<TestMember> AddMemberAsync(string? displayName, DateTime? createdAt, DateTime? suspendedUntil, params string[] roles)
    {
        var allRoles = roles.Prepend(ForumRoles.Member).Distinct().ToList();
        var user = await _database.AddMemberAsync(
            displayName, createdAt ?? Clock.GetUtcNow().UtcDateTime.AddDays(-30), suspendedUntil, roles: allRoles);
        return new TestMember(user.Id, user.DisplayName, user.Email!, allRoles);
    }

    /// <summary>An empty thread straight in the database, started at the clock's now.</summary>
    public Task<long> AddThreadAsync(string title = "A thread to comment on", bool locked = false, bool removed = false) =>
        _database.AddThreadAsync(Clock.GetUtcNow().UtcDateTime, title, locked, removed);

    /// <summary>A comment service of this forum's, with other posting limits: for the tests of those limits.</summary>
    public CommentService CommentsWith(PostingLimitOptions limits)
    {
        var postingLimits = ServiceGraph.Limits(limits);
        _ownedLimits.Add(postingLimits);
        return ServiceGraph.Comments(DbFactory, Renderer, postingLimits, Bus, Clock);
    }

    public async Task<TestMember> AddModeratorAsync(string? displayName = null) =>
        await AddMemberAsync(displayName ?? $"moderator {Interlocked.Increment(ref _members)}", ForumRoles.Moderator);

    public async Task<NewThread> StartThreadAsync(TestMember author, string title = "A thread to talk about") =>
        Succeeded(await Threads.CreateAsync(author.Principal, title, "Something worth a few replies."));

    public async Task<CommentView> PostAsync(TestMember author, long threadId, string body, long? parentId = null) =>
        Succeeded(await Comments.PostAsync(author.Principal, threadId, parentId, body, clientRequestId: null)).Comment;

    /// <summary>The seed's comments in display order, as the page reads them.</summary>
    public async Task<IReadOnlyList<CommentView>> SeedCommentsAsync() =>
        (await Threads.GetAsync(SeedThreadId, CommentPage.Everything))!.Comments;

    public static T Succeeded<T>(ForumResult<T> result) => ForumResults.Succeeded(result);

    public async ValueTask DisposeAsync()
    {
        Limits.Dispose();
        VoteLimits.Dispose();
        ScoreBatcher.Dispose();
        foreach (var limits in _ownedLimits)
        {
            limits.Dispose();
        }

        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}
