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

    private void Announce()
    {
        _unannounced++;
        if (_announcing)
        {
            return;
        }

        _announcing = true;
        _ = Task.Delay(AnnounceAfter, _services.Clock).ContinueWith(_ => Deliver(AnnounceNow), TaskScheduler.Default);
    }

    private void OnAnnounce()
    {
        Announcement = _unannounced == 1 ? "1 new comment" : $"{_unannounced} new comments";
        _unannounced = 0;
        _announcing = false;
        Raise(AnnouncementChanged);
    }
}
