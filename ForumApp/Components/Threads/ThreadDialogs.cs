using ForumApp.Data;
using ForumApp.Realtime;
using System.Security.Claims;
using ForumApp.Components.Moderation.Dialogs;
using ForumApp.Features.Comments;
using ForumApp.Features.Moderation;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ForumApp.Components.Threads;

/// <summary>
/// Opens the thread page's dialogs and says how each ended. The dialogs call the services themselves and
/// stay open on an error; this only adds the snackbar a finished action deserves.
/// </summary>
public sealed class ThreadDialogs(
    IDialogService dialogs, ISnackbar snackbar, CommentModerationService commentModeration, ThreadModerationService threadModeration, ForumEventBus? bus = null)
{
    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    /// <summary>Opens the dialog a comment action asks for; false when the reader cancelled.</summary>
    public Task<bool> OpenAsync(ClaimsPrincipal? user, CommentAction action)
    {
        var comment = action.Comment;
        return action.Kind switch
        {
            CommentActionKind.Delete => ShowAsync(
                new DialogParameters<DeleteOwnCommentDialog> { { d => d.Comment, comment }, { d => d.User, user } },
                "Comment deleted."),
            CommentActionKind.Report => ShowAsync(
                new DialogParameters<ReportCommentDialog> { { d => d.Comment, comment }, { d => d.User, user } },
                "Thanks, moderators will look at it."),
            CommentActionKind.Remove or CommentActionKind.RemoveWithReplies => RemoveAsync(user, comment, action.Kind == CommentActionKind.RemoveWithReplies),
            CommentActionKind.SuspendAuthor => ShowAsync(
                new DialogParameters<SuspendMemberDialog> { { d => d.Comment, comment }, { d => d.User, user } },
                $"{comment.Author} is suspended."),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Kind, "No dialog for this action."),
        };
    }

    public Task<bool> LockAsync(ClaimsPrincipal? user, long threadId) =>
        ShowAsync(new DialogParameters<LockThreadDialog> { { d => d.ThreadId, threadId }, { d => d.User, user } }, "Thread locked.");

    public Task<bool> RemoveThreadAsync(ClaimsPrincipal? user, long threadId) =>
        ShowAsync(new DialogParameters<RemoveThreadDialog> { { d => d.ThreadId, threadId }, { d => d.User, user } }, "Thread removed.");

    public async Task RestoreAsync(ClaimsPrincipal? user, long commentId, string success = "Comment restored.")
    {
        var restored = await commentModeration.RestoreCommentAsync(user, commentId);
        if (restored.Error is { } error)
        {
            snackbar.Add(error.Message, Severity.Error);
        }
        else
        {
            snackbar.Add(success, Severity.Success);
        }
    }

    public async Task UnlockAsync(ClaimsPrincipal? user, long threadId)
    {
        var unlocked = await threadModeration.UnlockThreadAsync(user, threadId);
        snackbar.Add(unlocked.Error?.Message ?? "Thread unlocked.", unlocked.Error is null ? Severity.Success : Severity.Error);
    }

    private async Task<bool> RemoveAsync(ClaimsPrincipal? user, CommentView comment, bool includeReplies)
    {
        var dialog = await dialogs.ShowAsync<RemoveCommentDialog>(
            new DialogParameters<RemoveCommentDialog> { { d => d.Comment, comment }, { d => d.IncludeReplies, includeReplies }, { d => d.User, user } },
            Options);
        if (await dialog.Result is not { Canceled: false, Data: RemovalOutcome removed })
        {
            return false;
        }

        var count = removed.RemovedCommentIds.Count;
        var key = $"undo-removal-{comment.Id}";
        var shown = snackbar.Add(count == 1 ? "Comment removed." : $"{count} comments removed.", Severity.Info, options =>
        {
            options.Action = "Undo";
            options.ActionColor = Color.Warning;
            options.OnClick = _ => RestoreAsync(user, comment.Id, "Removal undone.");
        }, key);
        OfferUndoUntilRestored(shown, key, comment);
        return true;
    }

    /// <summary>
    /// An Undo for a removal that is undone already (from the menu, by another moderator) would only fail,
    /// so the snackbar leaves as soon as the comment's restoration goes by on the bus.
    /// </summary>
    private void OfferUndoUntilRestored(Snackbar? shown, string key, CommentView comment)
    {
        if (shown is null || bus is null)
        {
            return;
        }

        var watch = bus.SubscribeThread(comment.ThreadId, threadEvent =>
        {
            if (threadEvent is { Kind: ThreadEventKind.Restored, Comment.Id: var id } && id == comment.Id)
            {
                snackbar.RemoveByKey(key);
            }

            return Task.CompletedTask;
        });
        shown.OnClose += _ => watch.Dispose();
    }

    private async Task<bool> ShowAsync<TDialog>(DialogParameters<TDialog> parameters, string done)
        where TDialog : IComponent
    {
        var dialog = await dialogs.ShowAsync<TDialog>(parameters, Options);
        if (await dialog.Result is not { Canceled: false })
        {
            return false;
        }

        snackbar.Add(done, Severity.Success);
        return true;
    }
}
