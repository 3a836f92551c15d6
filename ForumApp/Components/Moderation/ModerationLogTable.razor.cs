using System.Security.Claims;
using ForumApp.Components.Shared;
using ForumApp.Features.Moderation;
using Microsoft.AspNetCore.Components;

namespace ForumApp.Components.Moderation;

/// <summary>The moderation log, newest first, narrowed by the filters the service offers.</summary>
public sealed partial class ModerationLogTable
{
    private const string AnyAction = "";

    private static readonly IReadOnlyList<(string Action, string Label)> ActionLabels =
    [
        (ModerationActions.RemoveComment, "Removed a comment"),
        (ModerationActions.RestoreComment, "Restored a comment"),
        (ModerationActions.LockThread, "Locked a thread"),
        (ModerationActions.UnlockThread, "Unlocked a thread"),
        (ModerationActions.PinThread, "Pinned a thread"),
        (ModerationActions.UnpinThread, "Unpinned a thread"),
        (ModerationActions.RemoveThread, "Removed a thread"),
        (ModerationActions.RestoreThread, "Restored a thread"),
        (ModerationActions.EditThread, "Edited a thread"),
        (ModerationActions.SuspendMember, "Suspended a member"),
        (ModerationActions.UnsuspendMember, "Lifted a suspension"),
        (ModerationActions.DismissReport, "Dismissed a report"),
        (ModerationActions.GrantModerator, "Made a moderator"),
        (ModerationActions.RevokeModerator, "Revoked a moderator"),
    ];

    private readonly Dictionary<string, object> _tableAttributes = new() { ["aria-label"] = "Moderation log" };
    private readonly FilterInput _filter = new();
    private IReadOnlyList<ModerationLogView> _entries = [];
    private IReadOnlyList<LogRow> _rows = [];
    private string? _error;
    private bool _loading;
    private bool _searched;

    [Inject] private ModerationLog Moderation { get; set; } = default!;

    [Parameter] public ClaimsPrincipal? User { get; set; }

    private string ResultText => !_searched || _error is not null
        ? ""
        : _entries.Count >= Limit ? $"The latest {Limit} entries" : Quantity.Of(_entries.Count, "entry", "entries");

    private static int Limit => new ModerationLogFilter().Limit;

    protected override Task OnInitializedAsync() => SearchAsync();

    private async Task SearchAsync()
    {
        _loading = true;
        try
        {
            // Dates are whole days in UTC; "to" includes all of its day.
            var result = await Moderation.GetLogAsync(User, new ModerationLogFilter(
                ThreadId: _filter.ThreadId,
                Action: string.IsNullOrEmpty(_filter.Action) ? null : _filter.Action,
                From: _filter.From is { } from ? DateTime.SpecifyKind(from.Date, DateTimeKind.Utc) : null,
                To: _filter.To is { } to ? DateTime.SpecifyKind(to.Date.AddDays(1).AddTicks(-1), DateTimeKind.Utc) : null,
                ModeratorName: _filter.ModeratorName,
                MemberName: _filter.MemberName));
            _searched = true;
            if (result.Error is { } error)
            {
                // The filters stay as typed; the table keeps what it showed before.
                _error = error.Message;
                return;
            }

            _error = null;
            _entries = result.Value!;
            _rows = LogRow.Group(_entries);
        }
        finally
        {
            _loading = false;
        }
    }

    private Task ResetAsync()
    {
        _filter.Clear();
        return SearchAsync();
    }

    private static string LabelOf(string action) =>
        ActionLabels.FirstOrDefault(pair => pair.Action == action).Label ?? action;

    private static string LabelOf(LogRow row) => row.Items.Count == 1
        ? LabelOf(row.First.Action)
        : row.First.Action switch
        {
            ModerationActions.RemoveComment => $"Removed {Quantity.Of(row.Items.Count, "comment")}",
            ModerationActions.RestoreComment => $"Restored {Quantity.Of(row.Items.Count, "comment")}",
            _ => $"{LabelOf(row.First.Action)} ×{row.Items.Count}",
        };

    /// <summary>Lock, unlock, edit and the like are about a thread; its author's name there read as if a member were punished.</summary>
    private static bool IsAboutThread(ModerationLogView entry) => entry.TargetType == ModerationTargets.Thread;

    private static string MembersOf(LogRow row)
    {
        var names = row.Items.Select(item => item.Member).OfType<string>().Distinct().ToList();
        return names.Count == 0 ? "—" : string.Join(", ", names);
    }

    private static string ToneOf(string action) => action switch
    {
        ModerationActions.RemoveComment or ModerationActions.RemoveThread or ModerationActions.SuspendMember => "tone-severe",
        ModerationActions.RestoreComment or ModerationActions.RestoreThread or ModerationActions.UnsuspendMember => "tone-undo",
        ModerationActions.GrantModerator or ModerationActions.RevokeModerator => "tone-role",
        _ => "tone-neutral",
    };

    private static string TargetText(ModerationLogView entry) =>
        IsAboutThread(entry) && entry.ThreadTitle is not null ? "thread" : $"{entry.TargetType} #{entry.TargetId}";

    private static string? TargetHref(ModerationLogView entry) => (entry.TargetType, entry.ThreadId) switch
    {
        ("comment", { } threadId) => $"/t/{threadId}/x/c/{entry.TargetId}",
        ("thread", _) => $"/t/{entry.TargetId}",
        (_, { } threadId) => $"/t/{threadId}",
        _ => null,
    };

    private sealed class FilterInput
    {
        public string? ModeratorName { get; set; }
        public string? MemberName { get; set; }
        public long? ThreadId { get; set; }
        public string Action { get; set; } = AnyAction;
        public DateTime? From { get; set; }
        public DateTime? To { get; set; }

        public void Clear()
        {
            ModeratorName = null;
            MemberName = null;
            ThreadId = null;
            Action = AnyAction;
            From = null;
            To = null;
        }
    }
}
