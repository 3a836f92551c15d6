using AngleSharp.Dom;

namespace ForumApp.Tests.Security;

/// <summary>
/// Stored cross-site scripting aimed at moderators: report reasons in the report queue, removal reasons and removed
/// words on tombstones and in the moderation log, and hostile display names wherever a name is shown. Moderators hold
/// the most power, so what they read is the most valuable place to run a script.
/// </summary>
public sealed class ModeratorViewsXssTests(ModeratorViewsForum forum) : IClassFixture<ModeratorViewsForum>
{
    public static TheoryData<string> Vectors => XssVectors.Names;

    public static TheoryData<int> Batches => XssVectors.BatchNumbers(ModeratorViewsForum.BatchSize);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ReportReasonIsInertInTheReportQueue(string name)
    {
        var member = forum.Members[name];
        var row = forum.ReportQueues[member.Batch].QuerySelector($"[data-report-id='{member.ReportId}']");

        Assert.Equal(member.Vector.Text.Trim(), row?.QuerySelector(".report-reason q")?.TextContent);
        Assert.Equal(member.Member.DisplayName, row?.QuerySelector(".comment-author")?.TextContent);
        // The excerpt runs the comment's words together on one line.
        Assert.Contains(Collapsed(member.Vector.Text), Collapsed(row?.QuerySelector("[data-testid='comment-excerpt']")?.TextContent), StringComparison.Ordinal);
        ExecutableContent.AssertNone(row, $"The report with the reason '{name}' in the report queue");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void RemovalReasonAndRemovedWordsAreInertOnTheTombstoneModeratorsSee(string name)
    {
        var member = forum.Members[name];
        var card = forum.ThreadPages[member.Batch].QuerySelector($"article#c{member.CommentId}");

        Assert.Equal($"Reason: {member.Vector.Text.Trim()}", card?.QuerySelector(".tombstone .reason")?.TextContent);
        Assert.Equal(member.Vector.Text.Trim(), card?.QuerySelector("[data-testid='removed-text'] .removed-body")?.TextContent);
        Assert.Equal(member.Member.DisplayName, card?.QuerySelector(".comment-header .author")?.TextContent);
        ExecutableContent.AssertNone(card, $"The tombstone of '{name}' as a moderator sees it");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void RemovalIsInertInTheModerationLog(string name)
    {
        var member = forum.Members[name];
        var reason = member.Vector.Text.Trim();
        var row = forum.LogPages[member.Batch].QuerySelectorAll(".log-table tr")
            .SingleOrDefault(tr => tr.QuerySelector(".reason")?.TextContent == reason);

        Assert.NotNull(row);
        Assert.Equal(reason, row.QuerySelector("[data-testid='removed-text'] p")?.TextContent);
        Assert.Contains(member.Member.DisplayName, row.TextContent, StringComparison.Ordinal);
        ExecutableContent.AssertNone(row, $"The log entry for removing '{name}'");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void AHostileDisplayNameIsInertOnTheHomePage(string name)
    {
        var member = forum.Members[name];
        var row = forum.Home.QuerySelector($"li.thread-row[data-thread-id='{member.OwnThreadId}']");

        // The name follows its avatar's initial.
        Assert.EndsWith(member.Member.DisplayName, row?.QuerySelector(".thread-meta .author")?.TextContent ?? "", StringComparison.Ordinal);
        ExecutableContent.AssertNone(row, $"The display name '{name}' on the home page");
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void TheModeratorsThreadPageHoldsNothingExecutable(int batch) =>
        ExecutableContent.AssertNone(forum.ThreadPages[batch], $"The thread page of batch {batch} as a moderator sees it");

    [Theory]
    [MemberData(nameof(Batches))]
    public void TheReportQueueAndTheModerationLogHoldNothingExecutable(int batch)
    {
        ExecutableContent.AssertNone(forum.ReportQueues[batch], $"The report queue of batch {batch}");
        ExecutableContent.AssertNone(forum.LogPages[batch].QuerySelector(".log-table"), $"The moderation log of batch {batch}");
        ExecutableContent.AssertNone(forum.LogPages[batch], $"The log with its filters, batch {batch}", IsLogFilterForm);
    }

    [Fact]
    public void TheHomePageListingHostileNamesHoldsNothingExecutable() =>
        ExecutableContent.AssertNone(forum.Home, "The home page");

    // The log's own filter form, which the component renders around nothing a member wrote.
    private static bool IsLogFilterForm(IElement element) => element.Matches("form[data-testid='log-filters']");

    private static string Collapsed(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
