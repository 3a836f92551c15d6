using System.Security.Claims;
using ForumApp.Components.Moderation.Dialogs;
using ForumApp.Components.Shared;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ForumApp.Components.Moderation;

/// <summary>
/// The open reports, oldest first. Each can be dismissed or its comment removed; several can be selected and
/// settled together. The list itself belongs to the page, which re-reads it whenever the open count changes.
/// </summary>
public sealed partial class ReportQueue
{
    private readonly HashSet<long> _selected = [];
    private readonly DialogOptions _dialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private IReadOnlyList<string>? _error;
    private bool _busy;

    [Inject] private ReportService Reports { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Parameter, EditorRequired] public IReadOnlyList<ReportQueueItem> Items { get; set; } = [];

    /// <summary>Every open report, which may be more than the queue lists.</summary>
    [Parameter] public int OpenCount { get; set; }

    [Parameter] public ClaimsPrincipal? User { get; set; }

    /// <summary>Why the latest refresh failed, while the list shown is the one read before.</summary>
    [Parameter] public string? LoadError { get; set; }

    /// <summary>Raised after reports were settled here, so the page reads the queue again.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    private bool AllSelected => Items.Count > 0 && Items.All(item => _selected.Contains(item.Report.Id));

    protected override void OnParametersSet()
    {
        // Reports settled elsewhere leave the selection with the list.
        _selected.IntersectWith(Items.Select(item => item.Report.Id));
    }

    private static string PermalinkOf(ReportQueueItem item) =>
        $"{ThreadService.UrlOf(item.Report.ThreadId, string.IsNullOrEmpty(item.ThreadSlug) ? "x" : item.ThreadSlug)}/c/{item.Report.CommentId}";

    private void Toggle(long reportId, bool on)
    {
        if (on)
        {
            _selected.Add(reportId);
        }
        else
        {
            _selected.Remove(reportId);
        }
    }

    private void SelectAll(bool on)
    {
        _selected.Clear();
        if (on)
        {
            _selected.UnionWith(Items.Select(item => item.Report.Id));
        }
    }

    private IReadOnlyList<ReportQueueItem> Selected => Items.Where(item => _selected.Contains(item.Report.Id)).ToList();

    private Task DismissAsync(ReportQueueItem item) => DismissAllAsync([item]);

    private Task DismissSelectedAsync() => DismissAllAsync(Selected);

    private async Task DismissAllAsync(IReadOnlyList<ReportQueueItem> items)
    {
        _busy = true;
        _error = null;
        try
        {
            var failures = new List<string>();
            foreach (var item in items)
            {
                var result = await Reports.ResolveAsync(User, item.Report.Id, "dismiss", null);
                if (result.Error is { } error)
                {
                    failures.Add(Describe(item, error.Message, items.Count));
                }
                else
                {
                    _selected.Remove(item.Report.Id);
                }
            }

            Announce(items.Count - failures.Count, "report", "dismissed");
            _error = failures.Count == 0 ? null : failures;
        }
        finally
        {
            _busy = false;
        }

        await OnChanged.InvokeAsync();
    }

    private Task OpenRemove(ReportQueueItem item) => OpenRemoveDialogAsync([item]);

    private Task OpenBulkRemove() => OpenRemoveDialogAsync(Selected);

    private async Task OpenRemoveDialogAsync(IReadOnlyList<ReportQueueItem> items)
    {
        // Removing a comment settles every report on it, so each comment is removed once.
        var removing = items.DistinctBy(item => item.Report.CommentId).ToList();
        if (removing.Count == 0)
        {
            return;
        }

        var parameters = new DialogParameters<RemoveReportedCommentsDialog>
        {
            { dialog => dialog.Items, removing },
            { dialog => dialog.User, User },
            { dialog => dialog.OnRemoved, EventCallback.Factory.Create<IReadOnlyList<long>>(this, OnRemovedAsync) },
        };
        await Dialogs.ShowAsync<RemoveReportedCommentsDialog>(null, parameters, _dialogOptions);
    }

    private async Task OnRemovedAsync(IReadOnlyList<long> commentIds)
    {
        _selected.RemoveWhere(id => Items.Any(other => other.Report.Id == id && commentIds.Contains(other.Report.CommentId)));
        Announce(commentIds.Count, "comment", "removed");
        await OnChanged.InvokeAsync();
    }

    private void Announce(int done, string noun, string verb)
    {
        if (done > 0)
        {
            Snackbar.Add($"{Quantity.Of(done, noun)} {verb}.", Severity.Success);
        }
    }

    private static string Describe(ReportQueueItem item, string message, int of) =>
        of == 1 ? message : $"{item.CommentAuthor}'s comment: {message}";
}
