using System.Globalization;
using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Features.Profiles;

/// <summary>A member as others see them. Counts and score cover only what readers can see.</summary>
public sealed record ProfileView(long Id, string DisplayName, DateTime CreatedAt, int CommentCount, int Score, int ThreadCount);

public sealed record ProfileCommentPage(IReadOnlyList<ProfileComment> Items, string? NextCursor);

/// <summary>Member profiles and their recent comments, by display name. One short-lived context per call.</summary>
public sealed class ProfileService(IDbContextFactory<ForumDbContext> dbFactory)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>The profile's address: display names may hold spaces and any letters, so the name is escaped.</summary>
    // One address for a member's page: mentions render it in Formatting, below the services that call this.
    public static string UrlOf(string displayName) => Formatting.MentionLinks.ProfileUrl(displayName);

    /// <summary>The member with this display name (compared as registration compares names), or null.</summary>
    public async Task<ProfileView?> GetAsync(string? displayName, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, displayName, cancellationToken) is not { } member)
        {
            return null;
        }

        var visible = VisibleCommentsOf(db, member.Id);
        return new ProfileView(
            member.Id,
            member.DisplayName,
            member.CreatedAt,
            await visible.CountAsync(cancellationToken),
            await visible.SumAsync(c => c.Score, cancellationToken),
            await db.VisibleThreads().CountAsync(t => t.AuthorId == member.Id, cancellationToken));
    }

    /// <summary>The member's visible comments, newest first, a page at a time; null when there is no such member.</summary>
    public async Task<ProfileCommentPage?> GetCommentsAsync(string? displayName, int? limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            throw new InvalidReadException("limit", $"The limit must be between 1 and {MaxLimit}.");
        }

        var after = ParseCursor(cursor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, displayName, cancellationToken) is not { } member)
        {
            return null;
        }

        var query = VisibleCommentsOf(db, member.Id);
        if (after is var (createdAt, id))
        {
            query = query.Where(c => c.CreatedAt < createdAt || (c.CreatedAt == createdAt && c.Id < id));
        }

        var rows = await query
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Take(take + 1)
            .Select(c => new { Comment = c, c.Thread!.Title })
            .ToListAsync(cancellationToken);
        var page = rows.Take(take).Select(r => new ProfileComment(CommentView.From(r.Comment), r.Title)).ToList();
        var next = rows.Count > take
            ? string.Create(CultureInfo.InvariantCulture, $"{page[^1].Comment.CreatedAt.Ticks}.{page[^1].Comment.Id}")
            : null;
        return new ProfileCommentPage(page, next);
    }

    private static Task<ForumUser?> FindAsync(ForumDbContext db, string? displayName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > DisplayNames.MaxLength * 4)
        {
            return Task.FromResult<ForumUser?>(null);
        }

        var normalized = DisplayNames.Normalize(displayName.Trim());
        return db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedDisplayName == normalized, cancellationToken);
    }

    private static IQueryable<Comment> VisibleCommentsOf(ForumDbContext db, long memberId) =>
        db.Comments.InVisibleThreads().AsNoTracking().Where(c => c.AuthorId == memberId && c.State == CommentState.Visible);

    private static (DateTime CreatedAt, long Id)? ParseCursor(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        var parts = cursor.Split('.');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return (new DateTime(ticks, DateTimeKind.Utc), id);
        }

        throw new InvalidReadException("cursor", "The cursor is not one this list gave out.");
    }
}
