using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Unit;

public sealed class FieldLengthTests
{
    /// <summary>Every snapshot of a display name (threads, comments, reports, the log) holds the longest name registration allows.</summary>
    [Fact]
    public async Task EveryDisplayNameColumnHoldsTheLongestAllowedName()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var db = await database.CreateDbContextAsync();
        var columns = new (Type Entity, string Property)[]
        {
            (typeof(ForumUser), nameof(ForumUser.DisplayName)),
            (typeof(ForumUser), nameof(ForumUser.NormalizedDisplayName)),
            (typeof(ForumThread), nameof(ForumThread.AuthorName)),
            (typeof(Comment), nameof(Comment.AuthorName)),
            (typeof(Report), nameof(Report.ReporterName)),
            (typeof(ModerationLogEntry), nameof(ModerationLogEntry.ModeratorName)),
            (typeof(ModerationLogEntry), nameof(ModerationLogEntry.MemberName)),
        };

        Assert.Equal(DisplayNames.MaxLength, FieldLengths.DisplayName);
        Assert.All(columns, column =>
            Assert.Equal(DisplayNames.MaxLength, db.Model.FindEntityType(column.Entity)!.FindProperty(column.Property)!.GetMaxLength()));
    }
}
