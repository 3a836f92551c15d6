namespace ForumApp.Components.Pages;

// The moderator's actions on the whole thread from its header; each dialog's service checks the moderator again.
public sealed partial class ThreadPage
{
    private async Task ToggleLockAsync()
    {
        if (Live is { Locked: true } locked)
        {
            await _dialogs.UnlockAsync(_session.User, locked.Thread.Id);
        }
        else if (Live is not null)
        {
            await _dialogs.LockAsync(_session.User, Live.Thread.Id);
        }
    }

    private async Task RemoveThreadAsync()
    {
        if (Live is not null && await _dialogs.RemoveThreadAsync(_session.User, Live.Thread.Id))
        {
            // A removed thread is gone for readers; the moderation log keeps its text and the moderation API restores it.
            Navigation.NavigateTo("/", forceLoad: true);
        }
    }

    private void OnSessionChanged()
    {
        // A suspension takes writing away: open editors close (their drafts stay in the browser) and the
        // reason is read. A lock leaves open editors in place, read-only, so nobody loses what they wrote.
        if (!Viewer.CanWrite && Viewer.SignedIn)
        {
            CloseEditors();
            if (_suspension is null && !_readingSuspension)
            {
                _readingSuspension = true;
                _ = InvokeAsync(ReadSuspensionAsync);
            }
        }
        else if (Viewer.CanWrite)
        {
            _suspension = null;
        }

        if (Live is { Locked: false })
        {
            _composerOffered = true;
        }

        StateHasChanged();
    }

    private async Task ReadSuspensionAsync()
    {
        try
        {
            _suspension = await MemberModeration.GetOwnSuspensionAsync(_session.User);
        }
        finally
        {
            _readingSuspension = false;
        }

        StateHasChanged();
    }
}
