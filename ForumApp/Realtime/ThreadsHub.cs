using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Realtime;

/// <summary>
/// Live threads for outside clients (see docs/API.md). Anonymous callers may watch; posting and typing
/// need a signed-in member, and go through the same services as pages and the HTTP API.
/// Expected failures are HubExceptions whose message starts with the HTTP-equivalent status.
/// </summary>
public sealed class ThreadsHub(
    ThreadService threads,
    CommentService comments,
    PresenceTracker presence,
    DeliveredSequences delivered,
    IDbContextFactory<ForumDbContext> dbFactory,
    TimeProvider clock) : Hub
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
        return result.Value is { } posted
            ? PostedCommentResponse.From(posted)
            : throw new HubException($"{result.Error!.Status}: {result.Error.Message}");
    }

    public async Task Typing(long threadId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(Context.ConnectionAborted);
        var actor = await ForumActor.LoadAsync(db, Context.User, Context.ConnectionAborted)
            ?? throw new HubException("401: Sign in to reply.");

        // Only threads this connection watches: presence is never kept for made-up thread ids.
        if (!JoinedThreads.Contains(threadId))
        {
            throw new HubException("409: Join the thread before replying to it.");
        }
        if (!actor.IsSuspendedAt(clock.GetUtcNow().UtcDateTime))
        {
            presence.MarkReplying(threadId, actor.DisplayName);
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var threadId in JoinedThreads)
        {
            presence.Leave(threadId, Context.ConnectionId);
        }

        return base.OnDisconnectedAsync(exception);
    }

    private HashSet<long> JoinedThreads =>
        (HashSet<long>)(Context.Items.TryGetValue("threads", out var joined) ? joined! : Context.Items["threads"] = new HashSet<long>());
}
