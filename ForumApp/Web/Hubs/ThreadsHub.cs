using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace ForumApp.Web.Hubs;

/// <summary>
/// Live threads for outside clients (see docs/API.md). An entry point like the pages and the HTTP API:
/// it translates calls into service calls and service errors into HubExceptions whose message starts with
/// the HTTP-equivalent status; who may do what is decided by the services. Anonymous callers may watch.
/// </summary>
public sealed class ThreadsHub(
    ThreadService threads,
    CommentService comments,
    TypingService typing,
    PresenceTracker presence,
    DeliveredSequences delivered) : Hub
{
    public const string Path = "/hubs/threads";

    public static string GroupOf(long threadId) => $"thread:{threadId}";

    /// <summary>Subscribes first, then reads: an event committed in between arrives twice at worst, never not at all.</summary>
    public async Task<IReadOnlyList<ThreadEventView>> JoinThread(long threadId, long afterSeq)
    {
        if (threadId <= 0)
        {
            throw new HubException("400: The thread id must be a positive whole number.");
        }

        if (afterSeq < 0)
        {
            throw new HubException("400: afterSeq must be zero or more.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(threadId), Context.ConnectionAborted);

        // Read after joining the group: an event committed later either reaches this instance or shows up
        // as missing to the sequence watcher, also when the instance has only just started listening.
        var lastSeq = await threads.GetLastSeqAsync(threadId, Context.ConnectionAborted);
        var events = lastSeq is null ? null : await threads.GetEventsAsync(threadId, afterSeq, Context.ConnectionAborted);
        if (events is null)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(threadId));
            throw new HubException("404: This thread does not exist.");
        }

        if (JoinedThreads.Add(threadId))
        {
            presence.Enter(threadId, Context.ConnectionId);
        }

        delivered.Track(threadId, lastSeq!.Value);
        return events;
    }

    public async Task LeaveThread(long threadId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(threadId));
        if (JoinedThreads.Remove(threadId))
        {
            presence.Leave(threadId, Context.ConnectionId);
        }
    }

    public async Task<PostedCommentResponse> PostComment(long threadId, long? parentId, string? body, string? clientRequestId)
    {
        var result = await comments.PostAsync(Context.User, threadId, parentId, body, clientRequestId, Context.ConnectionAborted);
        if (result.Value is not { } posted)
        {
            throw Refused(result.Error!);
        }

        // Once the words are posted the writer is no longer replying, whatever the typing signal's expiry says.
        await typing.StopReplyingAsync(Context.User, threadId, Context.ConnectionAborted);
        return PostedCommentResponse.From(posted);
    }

    public async Task Typing(long threadId)
    {
        // Only threads this connection watches: presence is never kept for made-up thread ids.
        var result = await typing.MarkReplyingAsync(Context.User, threadId, watching: JoinedThreads.Contains(threadId), Context.ConnectionAborted);
        if (result.Error is { } error)
        {
            throw Refused(error);
        }
    }

    /// <summary>The caller closed the editor without posting: "X is replying…" ends now.</summary>
    public Task StoppedTyping(long threadId) => typing.StopReplyingAsync(Context.User, threadId, Context.ConnectionAborted);

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var threadId in JoinedThreads)
        {
            presence.Leave(threadId, Context.ConnectionId);
            if (Context.User?.Identity?.IsAuthenticated == true)
            {
                // A writer who left is not replying any more. The connection is gone, so its token cannot cancel this.
                await typing.StopReplyingAsync(Context.User, threadId);
            }
        }

        await base.OnDisconnectedAsync(exception);
    }

    private static HubException Refused(Features.ForumError error) => new($"{error.Status}: {error.Message}");

    private HashSet<long> JoinedThreads =>
        (HashSet<long>)(Context.Items.TryGetValue("threads", out var joined) ? joined! : Context.Items["threads"] = new HashSet<long>());
}
