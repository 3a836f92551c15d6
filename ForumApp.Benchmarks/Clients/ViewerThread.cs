using System.Net;

namespace ForumApp.Benchmarks.Clients;

/// <summary>
/// The thread the viewers watch and where its next comment goes: new top-level comments and replies deep
/// in the tree (depth 4 to 6). Every comment posted must become an element in every watching page, which
/// limits the mix: deeper replies would be folded behind "continue this thread" (the page shows 8 levels),
/// and once the thread no longer fits the page's first screen (25 comments, oldest first) a new top-level
/// comment belongs after comments not loaded yet, so the page does not show it. Top-level comments are
/// therefore posted (one in five) only while the thread fits one screen; after that, only deep replies.
/// </summary>
internal sealed class ViewerThread
{
    private const int ScreenSize = 25;
    private const int DeepestParent = 5;

    private readonly ForumClient _client;
    private readonly string _token;
    private readonly List<(long Id, int Depth)> _deep = [];
    private readonly object _gate = new();
    private int _total;
    private int _nextDeep;

    private ViewerThread(ForumClient client, string token, long threadId)
    {
        _client = client;
        _token = token;
        ThreadId = threadId;
    }

    public long ThreadId { get; }

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
                thread._total++;
            }
        }

        return thread;
    }

    /// <summary>Posts comment number <paramref name="index"/> of a phase: one in five top-level while the thread fits one screen, else a deep reply.</summary>
    public Task<PostOutcome> PostNextAsync(int index, string body, CancellationToken ct)
    {
        long? parent = null;
        lock (_gate)
        {
            if (index % 5 != 0 || _total >= ScreenSize - 1)
            {
                parent = _deep[_nextDeep++ % _deep.Count].Id;
            }

            // Counted when sent: posts in flight at 5/s must not all see room for one more top-level comment.
            _total++;
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
