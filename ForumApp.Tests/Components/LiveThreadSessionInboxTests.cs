using ForumApp.Components.Threads;
using ForumApp.Features.Comments;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Components;

/// <summary>
/// Every open page pays for each live event on its own dispatcher, so a burst must not cost a dispatch per
/// event, and a still thread must not cost anything: events that arrive while a dispatch is queued ride on it,
/// in order and all of them, and what they changed is told once; a presence update that changes nothing is
/// not told at all. The session runs on a dispatcher the test holds shut, against a real database.
/// </summary>
public sealed class LiveThreadSessionInboxTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _importedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestClock _clock = new(_importedAt.AddMinutes(3));
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The session's own bus: the forum publishes what it commits on Forum.Bus, and the test hands the events on here.
    private readonly ForumEventBus _sessionBus = ServiceGraph.Bus();
    private TestForum _forum = null!;
    private LiveThreadSession _session = null!;
    private int _dispatches;
    private int _pageDrawn;

    public async Task InitializeAsync()
    {
        _forum = await TestForum.CreateSeededAsync(_importedAt, _clock);
        var services = new LiveThreadServices(
            _forum.Threads, _forum.CommentModeration, ServiceGraph.Typing(_forum.DbFactory, _forum.Guard, _forum.Presence),
            _sessionBus, _forum.Presence, new CircuitPresence(_forum.Presence), _clock, _forum.Availability);
        _session = new LiveThreadSession(services, DispatchWhenOpenAsync, () => _pageDrawn++, exception => Task.FromException(exception));
        var screen = await _forum.Threads.GetConversationsAsync(_forum.SeedThreadId, CommentSorts.Default);
        await _session.ShowAsync(new LiveThread(screen!, CommentSorts.Default));
        await _session.StartAsync();
        _pageDrawn = 0;
    }

    public async Task DisposeAsync()
    {
        _open.TrySetResult();
        await _session.DisposeAsync();
        await _forum.DisposeAsync();
    }

    [Fact]
    public async Task ABurstWhileADispatchIsQueuedIsAppliedInOrderInThatOneDispatch()
    {
        var live = _session.Live!;
        var parent = (await _forum.SeedCommentsAsync()).Where(c => c.Depth == 0).ElementAt(1);
        var writer = await _forum.AddMemberAsync();
        var replies = new List<CommentView>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add(await _forum.PostAsync(writer, _forum.SeedThreadId, $"Reply {i} of a burst", parent.Id));
        }

        var events = (await _forum.Threads.GetEventsAsync(_forum.SeedThreadId, live.LastSeq))!;
        Assert.Equal(5, events.Count);
        var countTold = 0;
        var conversationTold = 0;
        var changedWithin = ChangedWithin.Anywhere;
        using var counting = _session.CountChanged.Listen(() => countTold++);
        using var conversation = _session.Conversations.Listen(parent.Id, within =>
        {
            conversationTold++;
            changedWithin = within;
        });

        // The dispatcher is busy: the first event queues a dispatch, the next four join it.
        var deliveries = events.Select(e => _sessionBus.PublishAsync([e])).ToList();
        Assert.Equal(1, Volatile.Read(ref _dispatches));
        Assert.All(replies, reply => Assert.Equal(-1, live.IndexOf(reply.Id)));

        _open.SetResult();
        await Task.WhenAll(deliveries).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, Volatile.Read(ref _dispatches));
        Assert.Equal(1, _session.Dispatches);
        Assert.Equal(events[^1].Seq, live.LastSeq);
        Assert.All(replies, reply => Assert.True(live.IndexOf(reply.Id) >= 0, $"Reply {reply.Id} is missing."));

        // In order: no event looked like a gap, which would have read the database again and drawn the whole page.
        Assert.Equal(0, _pageDrawn);
        Assert.Equal((1, 1), (countTold, conversationTold));

        // Five replies to one comment change its subtree alone: the conversation lays out only that subtree.
        Assert.Equal(new ChangedWithin(parent.Id, live.IndexOf(parent.Id)), changedWithin);
    }

    [Fact]
    public async Task APresenceUpdateThatChangesNothingIsNotDrawn()
    {
        _open.SetResult();
        var told = 0;
        using var listening = _session.PresenceChanged.Listen(() => told++);

        await _sessionBus.PublishPresenceAsync(new PresenceView(_forum.SeedThreadId, 4, ["Ada"]), localShare: null);
        await _sessionBus.PublishPresenceAsync(new PresenceView(_forum.SeedThreadId, 4, ["Ada"]), localShare: null);
        Assert.Equal(1, told);

        await _sessionBus.PublishPresenceAsync(new PresenceView(_forum.SeedThreadId, 5, ["Ada"]), localShare: null);
        Assert.Equal(2, told);
        Assert.Equal(5, _session.Presence?.Viewing);
    }

    private async Task DispatchWhenOpenAsync(Func<Task> work)
    {
        Interlocked.Increment(ref _dispatches);
        await _open.Task;
        await work();
    }
}
