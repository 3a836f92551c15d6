using System.Text.Json;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// One running app on a fresh database holding only the real seed, shared by tests that only read.
/// </summary>
public sealed class SeededForumFixture : IAsyncLifetime
{
    public ForumAppFactory App { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The id of the thread imported from the real seed file.</summary>
    public long ThreadId { get; private set; }

    public async Task InitializeAsync()
    {
        Client = App.CreateClient();
        var threads = await Client.GetJsonAsync("/api/threads");
        ThreadId = Assert.Single(threads.EnumerateArray()).GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    public Task<JsonElement> GetJsonAsync(string url) => Client.GetJsonAsync(url);
}
