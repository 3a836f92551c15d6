using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// The whole app on a real SQLite file in its own data folder: the one way the suite stands up the app, in process
/// (<see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/>) or on a real port (<see cref="StartOnKestrel"/>),
/// with settings, the test clock and its own clients. Two factories given the same folder behave like a restart (or a
/// second instance) on the same database. A factory that made its data folder deletes it when disposed.
/// </summary>
public sealed class ForumAppFactory(string? dataFolder = null, string? seedFolder = null) : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new();
    private readonly bool _ownsDataFolder = dataFolder is null;
    private TimeProvider? _clock;
    private Action<IServiceCollection>? _services;

    public string DataFolder { get; } = dataFolder ?? TestFolders.NewTempFolder("app");
    public string SeedFolder { get; } = seedFolder ?? Path.Combine(RepoPaths.Root, "seeds");

    /// <summary>Where the app listens once <see cref="StartOnKestrel"/> has started it; null before or in process.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Extra configuration, applied before the app starts.</summary>
    public ForumAppFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>The app runs on <paramref name="database"/>, of whichever provider, instead of a SQLite file in its data folder.</summary>
    public ForumAppFactory WithDatabase(ITestDatabase database) => database switch
    {
        PostgreSqlTestDatabase postgres => WithSetting("Database:Provider", nameof(ForumApp.Data.DatabaseProvider.PostgreSql))
            .WithSetting("ConnectionStrings:Forum", postgres.ConnectionString),
        SqliteTestDatabase sqlite => WithSetting("Database:Provider", nameof(ForumApp.Data.DatabaseProvider.Sqlite))
            .WithSetting("ConnectionStrings:Forum", $"Data Source={sqlite.FilePath}"),
        _ => throw new ArgumentOutOfRangeException(nameof(database), database.Provider, "No app settings for this provider."),
    };

    /// <summary>The app reads the time from <paramref name="clock"/> (use a <see cref="TestClock"/>).</summary>
    public ForumAppFactory WithClock(TimeProvider clock)
    {
        _clock = clock;
        return this;
    }

    /// <summary>Replaces or adds services after the app's own registrations (the last registration of a service wins).</summary>
    public ForumAppFactory WithServices(Action<IServiceCollection> configure)
    {
        _services += configure;
        return this;
    }

    /// <summary>Presence flushes, watcher checks and "replying" expiry short enough for a test to wait on.</summary>
    public ForumAppFactory WithFastRealtime() => this
        .WithSetting("Forum:Presence:FlushEvery", "00:00:00.200")
        .WithSetting("Forum:Presence:ReplyingFor", "00:00:01")
        .WithSetting("Forum:SequenceWatcher:CheckEvery", "00:00:00.500");

    /// <summary>Tests post, register and log in far more often than a person would; the limits have their own tests.</summary>
    public ForumAppFactory WithHighLimits() => this
        .WithSetting("Forum:RateLimits:CommentsPerMinute", "10000")
        .WithSetting("Forum:RateLimits:NewAccountCommentsPerMinute", "10000")
        .WithSetting("Forum:RateLimits:ThreadsPerHour", "10000")
        .WithSetting("Forum:RegistrationsPerHourPerAddress", "10000")
        .WithSetting("Forum:LoginsPerMinutePerAddress", "10000")
        .WithSetting("Forum:ReportsPerHourPerAddress", "10000")
        .WithSetting("Forum:HubConnectionsPerAddress", "10000")
        .WithSetting("Forum:SearchesPerMinutePerAddress", "10000");

    /// <summary>Starts the app on Kestrel at a port the OS picks and returns the address it listens on.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address after starting.");
        Address = new Uri(address);
        return Address;
    }

    /// <summary>
    /// An outside client of the API: over the real port once started on Kestrel, otherwise through the in-process
    /// test server.
    /// </summary>
    public ForumApiClient CreateApiClient() =>
        Address is { } address ? new ForumApiClient(address) : new ForumApiClient(CreateClient());

    /// <summary>A hub client of the app started on Kestrel (hub clients need a real socket), signed in as <paramref name="member"/> if given.</summary>
    public Task<ThreadsHubClient> ConnectHubAsync(ApiMember? member = null, ThreadsHubClient.TokenIn tokenIn = ThreadsHubClient.TokenIn.Query) =>
        ThreadsHubClient.ConnectAsync(
            Address ?? throw new InvalidOperationException("Start the app with StartOnKestrel first: hub clients need a real socket."),
            member?.AccessToken,
            tokenIn);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Forum:DataFolder", DataFolder);
        builder.UseSetting("Forum:SeedFolder", SeedFolder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }

        if (_services is { } configure)
        {
            builder.ConfigureTestServices(configure);
        }
    }

    public T GetService<T>() where T : notnull => Services.GetRequiredService<T>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDataFolder)
        {
            TestFolders.TryDelete(DataFolder);
        }
    }
}
