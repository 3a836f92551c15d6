using ForumApp.Features.Moderation;

namespace ForumApp.Components.Moderation;

/// <summary>
/// One line of the log table: a single entry, or the entries one action wrote together (a subtree removed,
/// "remove reported comments"), which share their moment, moderator, action, reason and thread.
/// </summary>
public sealed record LogRow(IReadOnlyList<ModerationLogView> Items)
{
    public ModerationLogView First => Items[0];

    /// <summary>The thread all the entries are in, when they share one.</summary>
    public string? SharedThreadTitle => Items.All(item => item.ThreadId == First.ThreadId) ? First.ThreadTitle : null;

    public static IReadOnlyList<LogRow> Group(IReadOnlyList<ModerationLogView> entries)
    {
        var rows = new List<LogRow>();
        var current = new List<ModerationLogView>();
        foreach (var entry in entries)
        {
            if (current.Count > 0 && !SameAction(current[0], entry))
            {
                rows.Add(new LogRow(current));
                current = [];
            }

            current.Add(entry);
        }

        if (current.Count > 0)
        {
            rows.Add(new LogRow(current));
        }

        return rows;
    }

    // One action writes all its entries in one transaction with one timestamp.
    private static bool SameAction(ModerationLogView a, ModerationLogView b) =>
        a.TargetType == ModerationTargets.Comment && b.TargetType == ModerationTargets.Comment
        && a.At == b.At && a.Moderator == b.Moderator && a.Action == b.Action && a.Reason == b.Reason;
}
