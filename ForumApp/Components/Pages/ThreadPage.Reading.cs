namespace ForumApp.Components.Pages;

// The reader's unread comments: the ReadingTracker finds and records them; the page marks and reveals them.
public sealed partial class ThreadPage
{
    private IReadOnlySet<long> _newSinceLastVisit = new HashSet<long>();

    private void ShowNewSinceLastVisit(IReadOnlySet<long> commentIds)
    {
        _newSinceLastVisit = commentIds;
        _viewRevision++;
    }

    private async Task JumpToAsync(long commentId)
    {
        if (await _session.RevealAsync(commentId))
        {
            _revealAfterRender = [commentId];
        }
    }
}
