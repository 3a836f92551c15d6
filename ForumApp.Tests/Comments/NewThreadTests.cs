using System.Security.Claims;
using ForumApp.Data;
using ForumApp.Features;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using ForumApp.Features.Threads;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Comments;

/// <summary>Starting a thread through <see cref="ThreadService.CreateAsync"/> on a real migrated SQLite file.</summary>
public sealed class NewThreadTests : IAsyncLifetime
{
    private static readonly DateTimeOffset _now = new(2031, 8, 9, 10, 11, 12, TimeSpan.Zero);

    private readonly TestClock _clock = new(_now);
    private readonly List<PostingLimits> _limits = [];
    private SqliteTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var limits in _limits)
        {
            limits.Dispose();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task NewThreadIsStoredWithItsAuthorAndSanitizedBody()
    {
        var threads = NewThreadService(threadsPerHour: 10);
        var (authorId, principal) = await CreateMemberAsync("Thread Starter");

        var result = await threads.CreateAsync(principal, "  Is <b>this</b> a title?  ", "Some *markdown* and <script>x</script>");

        Assert.True(result.Succeeded, $"{result.Error}");
        var created = result.Value!;
        Assert.Equal("Is <b>this</b> a title?", created.Title);
        Assert.Equal(Slug.FromTitle(created.Title), created.Slug);
        Assert.Equal(ThreadService.UrlOf(created.Id, created.Slug), created.Url);

        await using var db = _database.CreateDbContext();
        var stored = await db.Threads.AsNoTracking().SingleAsync(t => t.Id == created.Id);
        Assert.Equal((authorId, "Thread Starter"), (stored.AuthorId, stored.AuthorName));
        Assert.Equal((_now.UtcDateTime, _now.UtcDateTime), (stored.CreatedAt, stored.LastActivityAt));
        Assert.Equal((false, 0, 0L), (stored.Locked, stored.CommentCount, stored.LastSeq));
        Assert.Equal("Some *markdown* and <script>x</script>", stored.Body);
        Assert.Contains("<em>markdown</em>", stored.BodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", stored.BodyHtml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignedOutOrSuspendedMembersCannotStartAThread()
    {
        var threads = NewThreadService(threadsPerHour: 10);
        var (_, suspended) = await CreateMemberAsync("Suspended One", suspendedUntil: _now.UtcDateTime.AddDays(1));

        var anonymous = await threads.CreateAsync(null, "A perfectly fine title", "Body");
        var refused = await threads.CreateAsync(suspended, "A perfectly fine title", "Body");

        Assert.Equal(ForumErrorKind.Unauthenticated, anonymous.Error?.Kind);
        Assert.Equal(ForumErrorKind.Forbidden, refused.Error?.Kind);
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.Threads.CountAsync());
    }

    [Fact]
    public async Task ThreadBeyondTheHourlyLimitIsRateLimited()
    {
        var threads = NewThreadService(threadsPerHour: 2);
        var (_, principal) = await CreateMemberAsync("Prolific Starter");
        Assert.True((await threads.CreateAsync(principal, "First of the hour", "Body")).Succeeded);
        Assert.True((await threads.CreateAsync(principal, "Second of the hour", "Body")).Succeeded);

        var third = await threads.CreateAsync(principal, "Third of the hour", "Body");

        Assert.Equal(ForumErrorKind.TooManyRequests, third.Error?.Kind);
        Assert.True(third.Error!.RetryAfter > TimeSpan.Zero);
        Assert.Contains("Try again in", third.Error.Message, StringComparison.Ordinal);
        await using var db = _database.CreateDbContext();
        Assert.Equal(2, await db.Threads.CountAsync());
    }

    [Fact]
    public async Task TitleOfTheMostCharactersAllowedFitsTheTitleColumn()
    {
        // Titles are limited in Unicode scalar values; SQL Server's nvarchar(n) counts UTF-16 code units,
        // so a title of emoji needs two units per character.
        var threads = NewThreadService(threadsPerHour: 10);
        var (_, principal) = await CreateMemberAsync("Emoji Fan");
        var title = string.Concat(Enumerable.Repeat("🧵", TextRules.MaxTitleLength));

        var result = await threads.CreateAsync(principal, title, "Body");

        Assert.True(result.Succeeded, $"{result.Error}");
        var options = new DbContextOptionsBuilder<SqlServerForumDbContext>().UseSqlServer("Server=model-only").Options;
        await using var sqlServer = new SqlServerForumDbContext(options);
        var column = sqlServer.Model.FindEntityType(typeof(ForumThread))!.FindProperty(nameof(ForumThread.Title))!;
        var maxLength = column.GetMaxLength();
        Assert.True(
            maxLength is null || maxLength >= title.Length,
            $"a valid {TextRules.MaxTitleLength}-character title is {title.Length} UTF-16 units, the column holds {maxLength}");
    }

    private ThreadService NewThreadService(int threadsPerHour)
    {
        var limits = ServiceGraph.Limits(new PostingLimitOptions { ThreadsPerHour = threadsPerHour });
        _limits.Add(limits);
        return ServiceGraph.Threads(_database, ServiceGraph.Renderer(), limits, _clock);
    }

    private async Task<(long Id, ClaimsPrincipal Principal)> CreateMemberAsync(string displayName, DateTime? suspendedUntil = null)
    {
        var user = await _database.AddMemberAsync(displayName, _now.UtcDateTime.AddDays(-30), suspendedUntil);
        return (user.Id, ForumRows.PrincipalOf(user.Id));
    }
}
