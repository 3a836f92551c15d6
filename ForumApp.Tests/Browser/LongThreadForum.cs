using ForumApp.Features.Threads;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.BrowserTests;

/// <summary>A thread whose first conversation is a 20-deep reply chain, followed by 30 one-comment conversations.</summary>
public sealed record LongThread(long Id, string Url, IReadOnlyList<long> Chain, IReadOnlyList<long> Conversations)
{
    public string PermalinkOf(long commentId) => $"{Url}/c/{commentId}";
}

/// <summary>
/// One app on a real Kestrel port for the thread navigation tests. "X is replying…" lasts ten minutes here, so a
/// test that sees it end knows the writer's posting, cancelling or leaving ended it, not its expiry.
/// </summary>
public sealed class LongThreadForum : IAsyncLifetime
{
    public const int ChainLength = 20;
    public const int OtherConversations = 30;

    private readonly ForumAppFactory _app = new ForumAppFactory()
        .WithHighLimits()
        .WithFastRealtime()
        .WithSetting("Forum:Presence:ReplyingFor", "00:10:00");

    private ForumApiClient _api = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public Task InitializeAsync()
    {
        BaseAddress = _app.StartOnKestrel();
        _api = new ForumApiClient(BaseAddress);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        await _app.DisposeAsync();
        TestFolders.TryDelete(_app.DataFolder);
    }

    public async Task<ApiMember> RegisterMemberAsync(string prefix) => await _api.RegisterMemberAsync(prefix: prefix);

    /// <summary>A fresh long thread for one test, so no test sees another's comments.</summary>
    public async Task<LongThread> CreateLongThreadAsync()
    {
        var author = await _api.RegisterMemberAsync(prefix: "Chain author");
        var started = await _api.StartThreadAsync(author, $"A long exchange {Guid.NewGuid():N}");
        var threadId = started.GetProperty("id").GetInt64();

        var chain = new List<long>();
        for (var depth = 0; depth < ChainLength; depth++)
        {
            var posted = await _api.PostCommentAsync(author, threadId, $"Chain level {depth}", chain.Count == 0 ? null : chain[^1]);
            chain.Add(posted.GetProperty("id").GetInt64());
        }

        var conversations = new List<long>();
        for (var i = 0; i < OtherConversations; i++)
        {
            var posted = await _api.PostCommentAsync(author, threadId, $"Conversation {i}");
            conversations.Add(posted.GetProperty("id").GetInt64());
        }

        return new LongThread(threadId, started.GetProperty("url").GetString()!, chain, conversations);
    }

    /// <summary>What each new screen of a thread page reads, to say how many conversations the first one leaves.</summary>
    public static int FirstScreen => ConversationScreen.Size;
}
