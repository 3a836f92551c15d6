using ForumApp.Benchmarks.BlazorClient;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Benchmarks;

/// <summary>The app on a real port, an API client and the benchmark's headless Blazor client, for one test.</summary>
public abstract class HeadlessClientTest(ForumAppFactory app) : IAsyncLifetime
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected Uri Server { get; private set; } = null!;

    protected ForumApiClient Api { get; private set; } = null!;

    protected HeadlessBrowser Browser { get; private set; } = null!;

    /// <summary>A circuit on <paramref name="path"/>, started until interactive, through <paramref name="browser"/> or the test's own.</summary>
    protected async Task<BlazorCircuit> StartCircuitAsync(string path, HeadlessBrowser? browser = null, int index = 0)
    {
        var circuit = new BlazorCircuit(browser ?? Browser, new Uri(Server, path), index);
        await circuit.StartAsync(Wait, CancellationToken.None);
        return circuit;
    }

    public Task InitializeAsync()
    {
        Server = app.StartOnKestrel();
        Api = new ForumApiClient(Server);
        Browser = new HeadlessBrowser();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Api.Dispose();
        await app.DisposeAsync();
        TestFolders.TryDelete(app.DataFolder);
    }
}
