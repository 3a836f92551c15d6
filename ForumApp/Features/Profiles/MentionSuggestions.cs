using System.Text.RegularExpressions;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Profiles;

/// <summary>A member offered while <c>@name</c> is typed; <see cref="Mention"/> is what to write so the mention links.</summary>
public sealed record MentionSuggestion(string DisplayName)
{
    /// <summary>
    /// Mentions hold no spaces and end at a trailing <c>._-</c>, and they are matched by the name's skeleton, which
    /// drops separators: "Demo Moderator" is mentioned as <c>DemoModerator</c>.
    /// </summary>
    public string Mention => new string([.. DisplayName.Where(c => !char.IsWhiteSpace(c))]).Trim('.', '_', '-');
}

/// <summary>
/// Names for the <c>@</c> autocomplete: members whose display name starts with the typed prefix (compared by
/// skeleton, so case, look-alikes and separators do not matter), those who commented in the thread first, most
/// recent first, then everyone else alphabetically. Suspended and locked-out members are never offered.
/// Asked on keystrokes, so both queries are bounded: the thread's own comments (by its index), then a range of
/// the unique display-name index.
/// </summary>
public sealed partial class MentionSuggestions(IDbContextFactory<ForumDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxResults = 8;

    /// <summary>The suggestions, or an <c>prefix</c> field error when the prefix could not start a name.</summary>
    public async Task<ForumResult<IReadOnlyList<MentionSuggestion>>> SuggestAsync(
        string? prefix, long? threadId, long? askingMemberId = null, CancellationToken cancellationToken = default)
    {
        var typed = prefix?.Trim() ?? "";
        if (typed.Length is 0 or > DisplayNames.MaxLength || !NameCharacters().IsMatch(typed))
        {
            return ForumError.Invalid("prefix", $"The prefix is 1 to {DisplayNames.MaxLength} letters, digits, spaces or . _ -.");
        }

        var skeleton = DisplayNames.Normalize(typed);
        if (skeleton.Length == 0)
        {
            return ForumError.Invalid("prefix", "The prefix needs a letter or digit.");
        }

        var now = clock.GetUtcNow();
        var take = MaxResults + 4; // a few spare for the lockout and "rn" checks done after the query
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var matching = Matching(db, skeleton, now.UtcDateTime);
        if (askingMemberId is { } self)
        {
            matching = matching.Where(u => u.Id != self);
        }

        var found = new List<Candidate>();
        if (threadId is { } thread)
        {
            found.AddRange(await db.Comments.AsNoTracking()
                .Where(c => c.ThreadId == thread && c.AuthorId != null && c.State == CommentState.Visible)
                .GroupBy(c => c.AuthorId)
                .Select(g => new { AuthorId = g.Key, Latest = g.Max(c => c.Id) })
                .Join(matching, p => p.AuthorId, u => (long?)u.Id, (p, u) => new { u.Id, u.DisplayName, u.LockoutEnd, p.Latest })
                .OrderByDescending(x => x.Latest)
                .Take(take)
                .Select(x => new Candidate(x.Id, x.DisplayName, x.LockoutEnd))
                .ToListAsync(cancellationToken));
        }

        var participantIds = found.Select(c => c.Id).ToList();
        var others = await matching
            .Where(u => !participantIds.Contains(u.Id))
            .OrderBy(u => u.NormalizedDisplayName)
            .Take(take)
            .Select(u => new Candidate(u.Id, u.DisplayName, u.LockoutEnd))
            .ToListAsync(cancellationToken);

        // The index orders skeletons, where "1" is "i" and "0" is "o": the reader expects the names' own order.
        found.AddRange(others.OrderBy(c => c.DisplayName, StringComparer.OrdinalIgnoreCase));

        return found
            .Where(c => c.LockoutEnd is null || c.LockoutEnd <= now)
            .Where(c => StartsWith(c.DisplayName, typed, skeleton))
            .Take(MaxResults)
            .Select(c => new MentionSuggestion(c.DisplayName))
            .ToList();
    }

    private IQueryable<ForumUser> Matching(ForumDbContext db, string skeleton, DateTime now)
    {
        // The skeleton folds "rn" into "m" and "vv" into "w": "@Ar" must still find "Arnold" (skeleton "amoid"),
        // so a trailing r or v also looks under m or w; StartsWith below drops what then matched only by the fold.
        var folded = skeleton[^1] switch
        {
            'r' => skeleton[..^1] + "m",
            'v' => skeleton[..^1] + "w",
            _ => null,
        };

        var users = db.Users.AsNoTracking().Where(u => u.SuspendedUntil == null || u.SuspendedUntil <= now);
        if (db.Database.IsSqlite())
        {
            // SQLite compares text by its bytes, so the names starting with a prefix are one range of the unique
            // index; LIKE alone would read the whole index. (Other providers' collations do not order this way.)
            var low = folded is null || string.CompareOrdinal(skeleton, folded) < 0 ? skeleton : folded;
            var high = NextAfterPrefix(folded is null || string.CompareOrdinal(skeleton, folded) > 0 ? skeleton : folded);
            users = users.Where(u => string.Compare(u.NormalizedDisplayName, low) >= 0);
            if (high is not null)
            {
                users = users.Where(u => string.Compare(u.NormalizedDisplayName, high) < 0);
            }
        }

        return folded is null
            ? users.Where(u => u.NormalizedDisplayName.StartsWith(skeleton))
            : users.Where(u => u.NormalizedDisplayName.StartsWith(skeleton) || u.NormalizedDisplayName.StartsWith(folded));
    }

    // The first string after every string that starts with the prefix, in ordinal order; null when there is none.
    private static string? NextAfterPrefix(string prefix)
    {
        var last = prefix[^1];
        return last is char.MaxValue or '\uDBFF' or '\uDFFF' ? null : prefix[..^1] + (char)(last + 1);
    }

    private static bool StartsWith(string displayName, string typed, string skeleton)
    {
        var name = DisplayNames.Normalize(displayName);
        if (name.StartsWith(skeleton, StringComparison.Ordinal))
        {
            return true;
        }

        // Matched by the rn/vv fold only: keep it when the name, separators aside, starts with what was typed.
        var plain = new string([.. displayName.Where(c => char.IsLetterOrDigit(c))]);
        var wanted = new string([.. typed.Where(c => char.IsLetterOrDigit(c))]);
        return plain.StartsWith(wanted, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record Candidate(long Id, string DisplayName, DateTimeOffset? LockoutEnd);

    [GeneratedRegex(@"^[\p{L}\p{Nd} ._-]+$")]
    private static partial Regex NameCharacters();
}
