using ForumApp.Features.Threads;
using ForumApp.Realtime;

namespace ForumApp.Components.Threads;

/// <summary>
/// How live events reach the reader's dispatcher and the screen. Events (comments, scores, presence, the
/// announcement's timer) wait in one inbox, in the order they arrived; one dispatch at a time empties it, so a
/// burst that arrives while a dispatch is queued rides on that dispatch instead of queuing one each. What a
/// dispatch changed is drawn once at its end, every touched region in one render batch (<see cref="RegionBatch"/>).
/// </summary>
public sealed partial class LiveThreadSession
{
    private readonly Lock _inboxGate = new();
    private List<object> _inbox = [];
    private List<object> _taken = [];
    private readonly ConversationChanges _conversationsToDraw = new();
    private readonly ConversationChanges _changesDrawnBefore = new();
    private readonly List<RenderSignal> _signalsToRaise = [];
    private TaskCompletionSource? _draining;
    private bool _listToDraw;
    private bool _pageToDraw;
    private Action<Action>? _renderTogether;

    // Made once: every open page takes every event, and a method group passed on is a new delegate each time.
    private Func<Task>? _drain;
    private Action? _raiseGathered;

    // Marks the announcement's timer in the inbox: the announcement is drawn with whatever else is drawn then.
    private static readonly object AnnounceNow = new();

    /// <summary>How many dispatches live events took so far (a burst shares one).</summary>
    public long Dispatches { get; private set; }

    /// <summary>
    /// Lets the page draw what a dispatch changed in one render batch: <paramref name="renderTogether"/> runs the
    /// action it is given inside a render. Null (or never set): each region is told directly.
    /// </summary>
    public void RenderTogether(Action<Action>? renderTogether) => _renderTogether = renderTogether;

    /// <summary>
    /// Puts a live event in the inbox; returns when a dispatch has applied it. Called from any thread; the
    /// handlers run on the dispatcher.
    /// </summary>
    private Task Deliver(object item)
    {
        TaskCompletionSource draining;
        lock (_inboxGate)
        {
            _inbox.Add(item);
            if (_draining is { } queued)
            {
                return queued.Task;
            }

            draining = _draining = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = DispatchInboxAsync(draining);
        return draining.Task;
    }

    private async Task DispatchInboxAsync(TaskCompletionSource draining)
    {
        try
        {
            await _dispatch(_drain ??= DrainAsync);
        }
        catch (Exception exception)
        {
            // The circuit is gone (or the work failed): whoever delivered hears of it, the next event dispatches anew.
            lock (_inboxGate)
            {
                if (ReferenceEquals(_draining, draining))
                {
                    _draining = null;
                    _inbox.Clear();
                }
            }

            draining.TrySetException(exception);
        }
    }

    private async Task DrainAsync()
    {
        Dispatches++;
        Exception? failure = null;
        TaskCompletionSource? draining;
        while (true)
        {
            // The two lists change places: events keep arriving in one while the other is applied.
            _taken.Clear();
            List<object> items;
            lock (_inboxGate)
            {
                if (_inbox.Count == 0)
                {
                    draining = _draining;
                    _draining = null;
                    break;
                }

                items = _inbox;
                _inbox = _taken;
                _taken = items;
            }

            // Whatever changed before these events was drawn with the render that followed it.
            Live?.TakeChangesInto(_changesDrawnBefore);
            _changesDrawnBefore.Clear();
            var held = Live?.Held.Count;
            var count = Live?.CommentCount;
            var removedTexts = RemovedTexts;
            foreach (var item in items)
            {
                try
                {
                    await ApplyAsync(item);
                }
                catch (Exception exception)
                {
                    // One event's failure does not keep the others from the page.
                    failure ??= exception;
                }
            }

            GatherCommentChanges(held, count, ReferenceEquals(removedTexts, RemovedTexts));
            Draw();
        }

        if (failure is null)
        {
            draining?.TrySetResult();
        }
        else
        {
            draining?.TrySetException(failure);
        }
    }

    private Task ApplyAsync(object item)
    {
        switch (item)
        {
            case ThreadEventView threadEvent:
                return OnThreadEventAsync(threadEvent);
            case ScoresChanged scores:
                OnScores(scores);
                break;
            case PresenceView presence:
                OnPresence(presence);
                break;
            case UserNotice notice:
                OnMemberNotice(notice);
                break;
            default:
                if (ReferenceEquals(item, AnnounceNow))
                {
                    OnAnnounceDue();
                }

                break;
        }

        return Task.CompletedTask;
    }

    private void OnPresence(PresenceView presence)
    {
        // Sent again unchanged (another instance's heartbeat, a viewer who left and came back within a flush):
        // nothing on this page would move, so nothing is drawn.
        if (Presence is { } shown && shown.Viewing == presence.Viewing && shown.Replying.SequenceEqual(presence.Replying))
        {
            return;
        }

        Presence = presence;
        Raise(PresenceChanged);
    }

    /// <param name="heldBefore">How many comments were held before the events.</param>
    /// <param name="countBefore">The comment count before the events.</param>
    /// <param name="sameRemovedTexts">False when a moderator's removed texts were read again: every tombstone may change.</param>
    private void GatherCommentChanges(int? heldBefore, int? countBefore, bool sameRemovedTexts)
    {
        if (Live is not { } live)
        {
            return;
        }

        if (live.CommentCount != countBefore)
        {
            Raise(CountChanged);
        }

        if (live.Held.Count != heldBefore)
        {
            Raise(HeldChanged);
        }

        if (!live.TakeChangesInto(_conversationsToDraw) || !sameRemovedTexts)
        {
            _listToDraw = true;
        }
    }

    private void Raise(RenderSignal signal)
    {
        if (!_signalsToRaise.Contains(signal))
        {
            _signalsToRaise.Add(signal);
        }
    }

    private void DrawPage() => _pageToDraw = true;

    private void Draw()
    {
        if (!_pageToDraw && !_listToDraw && _signalsToRaise.Count == 0 && _conversationsToDraw.Count == 0)
        {
            return;
        }

        AnnounceWithThisDraw();
        if (_renderTogether is { } together)
        {
            together(_raiseGathered ??= RaiseGathered);
        }
        else
        {
            RaiseGathered();
        }
    }

    // Runs inside the RegionBatch's render where there is one: every region told here is drawn in that batch.
    private void RaiseGathered()
    {
        if (_pageToDraw)
        {
            _pageToDraw = false;
            _changed();
        }

        foreach (var signal in _signalsToRaise)
        {
            signal.Raise();
        }

        _signalsToRaise.Clear();
        if (_conversationsToDraw.Count > 0 && !_listToDraw && !Conversations.Raise(_conversationsToDraw))
        {
            _listToDraw = true;
        }

        _conversationsToDraw.Clear();
        if (_listToDraw)
        {
            _listToDraw = false;
            CommentsChanged.Raise();
        }
    }
}
