using ForumApp.Features.Accounts;

namespace ForumApp.Components.Threads;

/// <summary>What others are told of this reader ("X is replying…"), and what this reader is told of new comments.</summary>
public sealed partial class LiveThreadSession
{
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
        _ = Task.Delay(AnnounceAfter, _services.Clock).ContinueWith(_ => _dispatch(() =>
        {
            Announcement = _unannounced == 1 ? "1 new comment" : $"{_unannounced} new comments";
            _unannounced = 0;
            _announcing = false;
            AnnouncementChanged.Raise();
            return Task.CompletedTask;
        }), TaskScheduler.Default);
    }
}
