using ForumApp.Features;
using MudBlazor;

namespace ForumApp.Components.Moderation.Dialogs;

/// <summary>How a dialog ends after its service answered: closed with the value, or left open with the error.</summary>
public static class DialogOutcome
{
    public static IReadOnlyList<string>? CloseOnSuccess<T>(IMudDialogInstance dialog, ForumResult<T> result)
    {
        if (result.Error is { } error)
        {
            return [error.Message];
        }

        dialog.Close(DialogResult.Ok(result.Value));
        return null;
    }
}
