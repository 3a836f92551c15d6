namespace ForumApp.Tests.TestInfrastructure;

/// <summary>An app a single test starts with its own settings; stopped, then its data folder deleted.</summary>
public sealed class TemporaryApp(ForumAppFactory app) : IAsyncDisposable
{
    public ForumAppFactory App { get; } = app;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        TestFolders.TryDelete(App.DataFolder);
    }
}
