using ForumApp.Features.Accounts;

namespace ForumApp.Components.Threads;

/// <summary>
/// The signals that render one region (or one conversation) per live change instead of the page; what others are
/// told of this reader ("X is replying…"), and what this reader is told of new comments.
/// </summary>
public sealed partial class LiveThreadSession
{
    /// <summary>
    /// What the comment list shows changed in a way no single conversation can draw (one added, removed or
    /// moved; new removed texts): the list renders, and each conversation in it compares its rows.
    /// </summary>
    public RenderSignal CommentsChanged { get; } = new();

    /// <summary>
    /// Conversations on screen by their top-level comment: a reply, edit, removal or score inside one renders
    /// that conversation alone, not the list and not the others.
    /// </summary>
    public ConversationSignals Conversations { get; } = new();

    /// <summary>The "N comments" line changed.</summary>
    public RenderSignal CountChanged { get; } = new();

    /// <summary>The comments held behind the "N new comments" button changed.</summary>
    public RenderSignal HeldChanged { get; } = new();

    /// <summary>The "N viewing" line changed.</summary>
    public RenderSignal PresenceChanged { get; } = new();

    /// <summary>The polite announcement changed.</summary>
    public RenderSignal AnnouncementChanged { get; } = new();

    public async Task MarkReplyingAsync()
    {
        if (Live is not null)
        {
            // A refusal (suspended, thread gone) only means nobody is told this reader is replying.
            var marked = await _services.Typing.MarkReplyingAsync(User, Live.Thread.Id);
            if (marked.Value)
            {
                _replying = true;
                _services.CircuitPresence.Replying(_viewerKey, ForumClaims.DisplayNameOf(User));
            }
        }
    }

    /// <summary>The reader posted or closed the editor: others stop seeing "X is replying…" now.</summary>
    public async Task StopReplyingAsync()
    {
        if (_replying && Live is not null)
        {
            _replying = false;
            _services.CircuitPresence.Replying(_viewerKey, null);
            await _services.Typing.StopReplyingAsync(User, Live.Thread.Id);
        }
    }

    // An announcement waits AnnounceAfter from the first arrival it counts, so a burst is one announcement. When a
    // dispatch draws anyway and the wait is well under way, the announcement rides in that render batch instead of a
    // batch of its own, if the previous one was long enough ago that a screen reader is not told more often. Neither
    // figure is a round second: comments arriving once a second would land right on it and fold only every other time.
    private static readonly TimeSpan AnnounceWithADrawAfter = TimeSpan.FromMilliseconds(750);
    private static readonly TimeSpan AnnouncementsAtMostEvery = TimeSpan.FromMilliseconds(1_500);

    private ITimer? _announceTimer;
    private DateTimeOffset _unannouncedSince;
    private DateTimeOffset? _announcedAt;

    private void Announce()
    {
        _unannounced++;
        if (_announcing)
        {
            return;
        }

        _announcing = true;
        _unannouncedSince = _services.Clock.GetUtcNow();
        _announceTimer ??= _services.Clock.CreateTimer(
            static session => _ = ((LiveThreadSession)session!).Deliver(AnnounceNow), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _announceTimer.Change(AnnounceAfter, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The timer's turn in the inbox.</summary>
    private void OnAnnounceDue()
    {
        if (!_announcing)
        {
            return;
        }

        var waited = _services.Clock.GetUtcNow() - _unannouncedSince;
        if (waited >= AnnounceWithADrawAfter)
        {
            MakeAnnouncement();
        }
        else
        {
            // A tick that left just before the announcement went out with a draw finds a younger wait: that one keeps its own.
            _announceTimer?.Change(AnnounceAfter - (waited < TimeSpan.Zero ? TimeSpan.Zero : waited), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Called when a dispatch is about to draw: an announcement nearly due goes out in the same batch.</summary>
    private void AnnounceWithThisDraw()
    {
        var now = _services.Clock.GetUtcNow();
        if (!_announcing || now - _unannouncedSince < AnnounceWithADrawAfter || now - _announcedAt < AnnouncementsAtMostEvery)
        {
            return;
        }

        _announceTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        MakeAnnouncement();
    }

    private void MakeAnnouncement()
    {
        Announcement = _unannounced == 1 ? "1 new comment" : $"{_unannounced} new comments";
        _unannounced = 0;
        _announcing = false;
        _announcedAt = _services.Clock.GetUtcNow();
        Raise(AnnouncementChanged);
    }
}
