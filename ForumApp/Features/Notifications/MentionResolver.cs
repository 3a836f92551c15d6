using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Formatting;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Notifications;

/// <summary>A member a comment mentions.</summary>
public sealed record MentionedMember(long Id, string DisplayName, string Skeleton);

/// <summary>
/// Finds the members a body mentions. Asked on the request path, before the comment is queued for the writer,
/// and only when the text holds an <c>@</c>: the batched write path itself never looks up a name.
/// </summary>
public sealed class MentionResolver(IDbContextFactory<ForumDbContext> dbFactory)
{
    /// <summary>More than this many members in one comment reads as a broadcast, which notifications are not for.</summary>
    public const int MaxMentions = 10;

    /// <summary>The members mentioned (skeleton → display name, for rendering), or a field error when there are too many.</summary>
    public async Task<ForumResult<IReadOnlyDictionary<string, string>>> ResolveAsync(string markdown, CancellationToken cancellationToken = default)
    {
        var skeletons = SkeletonsIn(markdown);
        if (skeletons.Count == 0)
        {
            return ForumResult<IReadOnlyDictionary<string, string>>.Of(new Dictionary<string, string>());
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var members = await FindAsync(db, skeletons, cancellationToken);
        if (members.Count > MaxMentions)
        {
            return ForumError.Invalid("body", $"A comment can mention at most {MaxMentions} members; this one mentions {members.Count}.");
        }

        return ForumResult<IReadOnlyDictionary<string, string>>.Of(members.ToDictionary(m => m.Skeleton, m => m.DisplayName));
    }

    /// <summary>The look-alike skeletons of the names a markdown body mentions.</summary>
    public static IReadOnlyList<string> SkeletonsIn(string markdown) =>
        MarkdownRenderer.MentionedNames(markdown).Select(DisplayNames.Normalize).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    public static async Task<IReadOnlyList<MentionedMember>> FindAsync(ForumDbContext db, IReadOnlyCollection<string> skeletons, CancellationToken cancellationToken)
    {
        if (skeletons.Count == 0)
        {
            return [];
        }

        var list = skeletons.ToList();
        return await db.Users.AsNoTracking()
            .Where(u => list.Contains(u.NormalizedDisplayName))
            .Select(u => new MentionedMember(u.Id, u.DisplayName, u.NormalizedDisplayName))
            .ToListAsync(cancellationToken);
    }
}
