using System.Net;

namespace ForumApp.Benchmarks.Clients;

/// <summary>
/// The thread the viewers watch and where its next comment goes: one in five a new top-level comment, the
/// rest replies deep in the tree (depth 4 to 6; deeper ones would be folded behind "continue this thread",
/// the page shows 8 levels). The page inserts a reply at once, but holds a new top-level comment behind its
/// "new comments" notice until the reader asks (LiveThread), so only replies can be timed as elements.
/// </summary>
internal sealed class ViewerThread
{
    private const int DeepestParent = 5;

    private readonly ForumClient _client;
    private readonly string _token;
    private readonly List<(long Id, int Depth)> _deep = [];
    private readonly object _gate = new();
    private int _nextDeep;

    private ViewerThread(ForumClient client, string token, long threadId)
    {
        _client = client;
        _token = token;
        ThreadId = threadId;
    }

    public long ThreadId { get; }

    /// <summary>The client that posts to the thread, also used to read the server's figures around a phase.</summary>
    public ForumClient Client => _client;

    /// <summary>The highest comment id written so far: sightings of newer ones belong to the next phase.</summary>
    public long LastCommentId { get; private set; }

    public int TopLevelPosted { get; private set; }

    public int RepliesPosted { get; private set; }

    /// <summary>A new thread with two reply chains five deep (10 comments).</summary>
    public static async Task<ViewerThread> CreateAsync(ForumClient client, string token, string title, CancellationToken ct)
    {
        var threadId = await client.NewThreadAsync(token, title, "A thread watched by many open pages.", ct);
        var thread = new ViewerThread(client, token, threadId);
        for (var chain = 0; chain < 2; chain++)
        {
            long? parent = null;
            for (var depth = 0; depth < 5; depth++)
            {
                var posted = await thread.PostAsync(parent, $"Chain {chain}, level {depth}: something to reply to.", ct);
                parent = posted.Comment?.Id ?? throw new InvalidOperationException($"Writing the watched thread failed: {(int)posted.Status}.");
            }
        }

        return thread;
    }

    /// <summary>Posts comment number <paramref name="index"/> of a phase: one in five top-level, else a deep reply.</summary>
    public Task<PostOutcome> PostNextAsync(int index, string body, CancellationToken ct)
    {
        long? parent = null;
        lock (_gate)
        {
            if (index % 5 != 0)
            {
                parent = _deep[_nextDeep++ % _deep.Count].Id;
            }
        }

        return PostAsync(parent, body, ct);
    }

    private async Task<PostOutcome> PostAsync(long? parent, string body, CancellationToken ct)
    {
        var outcome = await _client.PostCommentAsync(_token, ThreadId, parent, body, ct);
        if (outcome.Comment is { } comment && outcome.Status is HttpStatusCode.Created or HttpStatusCode.OK)
        {
            lock (_gate)
            {
                LastCommentId = Math.Max(LastCommentId, comment.Id);
                if (comment.ParentId is null)
                {
                    TopLevelPosted++;
                }
                else
                {
                    RepliesPosted++;
                }

                if (comment.Depth is >= 3 and <= DeepestParent)
                {
                    _deep.Add((comment.Id, comment.Depth));
                }
            }
        }

        return outcome;
    }
}
