using ForumApp.Benchmarks.Hosting;

namespace ForumApp.Chaos.Hosting;

/// <summary>
/// One ForumApp process that can be killed the hard way (SIGKILL, as a crash or an OOM kill would) and
/// started again on the same port and data folder, so its clients find it where it was.
/// </summary>
public sealed class AppInstance : IAsyncDisposable
{
    private readonly string _appFolder;
    private readonly string _logFolder;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private AppServer? _server;

    private AppInstance(string appFolder, string name, string dataFolder, string logFolder, IReadOnlyDictionary<string, string> settings, AppServer server)
    {
        _appFolder = appFolder;
        Name = name;
        DataFolder = dataFolder;
        _logFolder = logFolder;
        _settings = settings;
        _server = server;
        BaseUrl = server.BaseUrl;
    }

    public string Name { get; }
    public string DataFolder { get; }
    public Uri BaseUrl { get; }
    public bool IsRunning => _server is { HasExited: false };
    public int Restarts { get; private set; }

    /// <summary>The SQLite file every instance on <see cref="DataFolder"/> shares.</summary>
    public string DatabaseFile => Path.Combine(DataFolder, "forum.db");

    /// <param name="appFolder">A published ForumApp, or its build output (bin/&lt;configuration&gt;/net10.0).</param>
    /// <param name="settings">Configuration as environment variables (Forum__X__Y), on top of the load settings.</param>
    public static async Task<AppInstance> StartAsync(
        string appFolder, string name, string dataFolder, string logFolder, IReadOnlyDictionary<string, string>? settings, CancellationToken ct)
    {
        var all = settings ?? new Dictionary<string, string>();
        var server = await AppServer.StartAsync(appFolder, name, dataFolder, logFolder, all, ct);
        return new AppInstance(appFolder, name, dataFolder, logFolder, all, server);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, open connections reset by the kernel.</summary>
    public async Task KillAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }

    /// <summary>Starts the process again on the same port and data folder; waits until /healthz answers.</summary>
    public async Task StartAgainAsync(CancellationToken ct)
    {
        if (_server is not null)
        {
            throw new InvalidOperationException($"{Name} is still running.");
        }

        _server = await AppServer.StartAsync(_appFolder, Name, DataFolder, _logFolder, _settings, ct, BaseUrl.Port);
        Restarts++;
    }

    public ValueTask DisposeAsync() => new(KillAsync());
}
