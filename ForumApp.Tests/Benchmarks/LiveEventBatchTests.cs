using System.Text.Json;
using ForumApp.Benchmarks.BlazorClient;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Benchmarks;

/// <summary>
/// What a live comment costs each open thread page on the real server: every render batch is serialized,
/// written to the socket and acknowledged by the browser, per page. A reply changes the count line and its
/// conversation; both must reach the page in one batch, not one batch per region.
/// </summary>
public sealed class LiveEventBatchTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly ForumAppFactory _app = new ForumAppFactory().WithHighLimits().WithFastRealtime();
    private Uri _server = null!;
    private ForumApiClient _api = null!;
    private HeadlessBrowser _browser = null!;

    public Task InitializeAsync()
    {
        _server = _app.StartOnKestrel();
        _api = new ForumApiClient(_server);
        _browser = new HeadlessBrowser();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _api.Dispose();
        await _app.DisposeAsync();
        TestFolders.TryDelete(_app.DataFolder);
    }

    [Fact]
    public async Task AReplyReachesAnOpenPageWithItsCountLineInOneRenderBatch()
    {
        var member = await _api.RegisterMemberAsync();
        var threadId = await _api.CreateThreadAsync(member);
        JsonElement top = await _api.PostCommentAsync(member, threadId, "A first comment to reply to.");
        await using var circuit = new BlazorCircuit(_browser, new Uri(_server, $"/t/{threadId}"));
        await circuit.StartAsync(Wait, CancellationToken.None);

        var marker = "one-batch-" + Guid.NewGuid().ToString("N")[..12];
        var arrival = circuit.WaitForBatchAsync(b => b.HasText(marker), Wait);
        var reply = await _api.PostCommentAsync(member, threadId, $"A reply and its count ({marker}).", top.GetProperty("id").GetInt64());

        var batch = await arrival;
        Assert.NotNull(batch);
        Assert.Contains(reply.GetProperty("id").GetInt64(), batch.CommentIds);
        Assert.True(batch.HasText("2 comments"), $"The count line came in another batch: {string.Join(" | ", batch.Strings)}");
    }
}
