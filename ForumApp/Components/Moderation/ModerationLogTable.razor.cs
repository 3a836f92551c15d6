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
                _filter.ModeratorId,
                _filter.MemberId,
                _filter.ThreadId,
                string.IsNullOrEmpty(_filter.Action) ? null : _filter.Action,
                _filter.From is { } from ? DateTime.SpecifyKind(from.Date, DateTimeKind.Utc) : null,
                _filter.To is { } to ? DateTime.SpecifyKind(to.Date.AddDays(1).AddTicks(-1), DateTimeKind.Utc) : null));
            _searched = true;
            if (result.Error is { } error)
            {
                // The filters stay as typed; the table keeps what it showed before.
                _error = error.Message;
                return;
            }

            _error = null;
            _entries = result.Value!;
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

    private static string ToneOf(string action) => action switch
    {
        ModerationActions.RemoveComment or ModerationActions.RemoveThread or ModerationActions.SuspendMember => "tone-severe",
        ModerationActions.RestoreComment or ModerationActions.RestoreThread or ModerationActions.UnsuspendMember => "tone-undo",
        ModerationActions.GrantModerator or ModerationActions.RevokeModerator => "tone-role",
        _ => "tone-neutral",
    };

    private static string TargetText(ModerationLogView entry) => $"{entry.TargetType} #{entry.TargetId}";

    private static string? TargetHref(ModerationLogView entry) => (entry.TargetType, entry.ThreadId) switch
    {
        ("comment", { } threadId) => $"/t/{threadId}/x/c/{entry.TargetId}",
        ("thread", _) => $"/t/{entry.TargetId}",
        (_, { } threadId) => $"/t/{threadId}",
        _ => null,
    };

    private sealed class FilterInput
    {
        public long? ModeratorId { get; set; }
        public long? MemberId { get; set; }
        public long? ThreadId { get; set; }
        public string Action { get; set; } = AnyAction;
        public DateTime? From { get; set; }
        public DateTime? To { get; set; }

        public void Clear()
        {
            ModeratorId = null;
            MemberId = null;
            ThreadId = null;
            Action = AnyAction;
            From = null;
            To = null;
        }
    }
}
