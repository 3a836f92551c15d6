using AngleSharp.Html.Parser;
using ForumApp.Features;
using ForumApp.Features.Moderation;
using ForumApp.Features.Search;
using Microsoft.Extensions.Options;
using static ForumApp.Tests.TestInfrastructure.ForumResults;

namespace ForumApp.Tests.Search;

/// <summary>
/// Search on a real database, run on SQLite and on PostgreSQL: ranking, highlighting, and every way a comment or a
/// thread changes keeps the index current in the same transaction. Each test uses words of its own, so tests share
/// one database per class without seeing each other's rows.
/// </summary>
public abstract class SearchServiceTests(ProviderDatabaseFixture fixture) : IAsyncLifetime
{
    private TestForum _forum = null!;
    private SearchLimits _limits = null!;
    private SearchService _search = null!;
    private TestMember _member = null!;
    private TestMember _moderator = null!;

    public async Task InitializeAsync()
    {
        _forum = TestForum.On(fixture.Database);
        _limits = new SearchLimits(Options.Create(new SearchOptions { SearchesPerMinutePerAddress = 100_000 }));
        _search = new SearchService(_forum.DbFactory, _limits);
        _member = await _forum.AddMemberAsync($"searcher {Guid.NewGuid():N}"[..20]);
        _moderator = await _forum.AddModeratorAsync();
    }

    public async Task DisposeAsync()
    {
        _limits.Dispose();
        await _forum.DisposeAsync();
    }

    /// <summary>A word no other test writes: letters only, so every tokenizer keeps it whole.</summary>
    private static string NewWord() => "w" + new string(Guid.NewGuid().ToString("N").Select(c => (char)('a' + (c % 26))).Take(12).ToArray());

    private async Task<SearchResultPage> SearchAsync(string query, int? limit = null, string? cursor = null) =>
        Succeeded(await _search.SearchAsync(query, limit, cursor, System.Net.IPAddress.Loopback));

    private async Task<IReadOnlyList<long?>> FoundCommentsAsync(string query) =>
        (await SearchAsync(query)).Items.Where(i => i.Kind == SearchResultKind.Comment).Select(i => i.CommentId).ToList();

    [ProviderFact]
    public async Task FindsThreadsAndCommentsBestMatchFirst()
    {
        var word = NewWord();
        var thread = await _forum.StartThreadAsync(_member, $"All about {word}");
        var once = await _forum.PostAsync(_member, thread.Id, $"A long comment that says {word} only once, among many other words about other things entirely.");
        var often = await _forum.PostAsync(_member, thread.Id, $"{word} {word} {word}!");

        var items = (await SearchAsync(word)).Items;

        Assert.Equal(3, items.Count);
        Assert.Contains(items, i => i.Kind == SearchResultKind.Thread && i.ThreadId == thread.Id && i.CommentId == null && i.Title == $"All about {word}");
        var comments = items.Where(i => i.Kind == SearchResultKind.Comment).Select(i => i.CommentId).ToList();
        Assert.Equal([often.Id, once.Id], comments);
        Assert.All(items, i => Assert.Equal(_member.DisplayName, i.Author));
    }

    [ProviderFact]
    public async Task EveryTermMustMatchAndTheLastMatchesAsAPrefix()
    {
        var (first, second) = (NewWord(), NewWord());
        var threadId = await _forum.AddThreadAsync();
        var both = await _forum.PostAsync(_member, threadId, $"{first} and {second}");
        await _forum.PostAsync(_member, threadId, $"only {first}");

        Assert.Equal([both.Id], await FoundCommentsAsync($"{first} {second}"));
        Assert.Equal([both.Id], await FoundCommentsAsync($"{first} {second[..6]}"));
        Assert.Empty(await FoundCommentsAsync($"{first[..6]} {second}"));
    }

    [ProviderFact]
    public async Task ExcerptHighlightsTheMatchedWordsAndStripsMarkdown()
    {
        var word = NewWord();
        var threadId = await _forum.AddThreadAsync();
        await _forum.PostAsync(_member, threadId, $"Some **bold {word}** and a [link](https://example.org/x) & more");

        var excerpt = Assert.Single((await SearchAsync(word)).Items).ExcerptHtml;

        Assert.Equal($"Some bold <mark>{word}</mark> and a link &amp; more", excerpt);
    }

    [ProviderFact]
    public async Task ExcerptOfALongTextStartsNearTheMatch()
    {
        var word = NewWord();
        var threadId = await _forum.AddThreadAsync();
        var filler = string.Join(' ', Enumerable.Repeat("padding words before", 40));
        await _forum.PostAsync(_member, threadId, $"{filler} here is {word} in the middle {filler}");

        var excerpt = Assert.Single((await SearchAsync(word)).Items).ExcerptHtml;

        Assert.StartsWith("…", excerpt, StringComparison.Ordinal);
        Assert.EndsWith("…", excerpt, StringComparison.Ordinal);
        Assert.Contains($"<mark>{word}</mark>", excerpt, StringComparison.Ordinal);
        Assert.True(excerpt.Length < 400, excerpt);
    }

    [ProviderFact]
    public async Task AnEditReplacesTheIndexedWords()
    {
        var (before, after) = (NewWord(), NewWord());
        var threadId = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(_member, threadId, $"first draft {before}");

        Succeeded(await _forum.Comments.EditAsync(_member.Principal, threadId, comment.Id, $"second draft {after}"));

        Assert.Empty(await FoundCommentsAsync(before));
        Assert.Equal([comment.Id], await FoundCommentsAsync(after));
    }

    [ProviderFact]
    public async Task AnAuthorsDeletionTakesTheWordsOut()
    {
        var word = NewWord();
        var threadId = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(_member, threadId, $"regrettable {word}");
        await _forum.PostAsync(_member, threadId, "a reply keeps the tombstone", comment.Id);

        Succeeded(await _forum.Comments.DeleteAsync(_member.Principal, threadId, comment.Id));

        Assert.Empty(await FoundCommentsAsync(word));
    }

    [ProviderFact]
    public async Task RemovalHidesTheWordsAndRestoringBringsThemBack()
    {
        var word = NewWord();
        var threadId = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(_member, threadId, $"offensive {word}");
        var reply = await _forum.PostAsync(_member, threadId, $"agreeing {word}", comment.Id);

        Succeeded(await _forum.CommentModeration.RemoveCommentAsync(_moderator.Principal, comment.Id, "rude", includeReplies: true));
        Assert.Empty(await FoundCommentsAsync(word));

        Succeeded(await _forum.CommentModeration.RestoreCommentAsync(_moderator.Principal, comment.Id));
        Assert.Equal(new long?[] { comment.Id, reply.Id }.Order(), (await FoundCommentsAsync(word)).Order());
    }

    [ProviderFact]
    public async Task ARemovedThreadAndItsCommentsAreNotFoundUntilRestored()
    {
        var word = NewWord();
        var thread = await _forum.StartThreadAsync(_member, $"Thread about {word}");
        var comment = await _forum.PostAsync(_member, thread.Id, $"comment about {word}");

        Succeeded(await _forum.ThreadModeration.SetThreadRemovedAsync(_moderator.Principal, thread.Id, removed: true, "spam"));
        Assert.Empty((await SearchAsync(word)).Items);

        Succeeded(await _forum.ThreadModeration.SetThreadRemovedAsync(_moderator.Principal, thread.Id, removed: false, null));
        var items = (await SearchAsync(word)).Items;
        Assert.Equal([(SearchResultKind.Thread, (long?)null), (SearchResultKind.Comment, comment.Id)], items.Select(i => (i.Kind, i.CommentId)).Order());
    }

    [ProviderFact]
    public async Task AModeratorsEditOfAThreadReplacesItsWords()
    {
        var (before, after) = (NewWord(), NewWord());
        var thread = await _forum.StartThreadAsync(_member, $"Title with {before}");

        Succeeded(await _forum.ThreadModeration.EditThreadAsync(_moderator.Principal, thread.Id, $"Title with {after}", "A calmer body."));

        Assert.Empty((await SearchAsync(before)).Items);
        var found = Assert.Single((await SearchAsync(after)).Items);
        Assert.Equal((SearchResultKind.Thread, thread.Id), (found.Kind, found.ThreadId));
    }

    [ProviderFact]
    public async Task SuspendingWithRemovalTakesAllTheMembersWordsOut()
    {
        var word = NewWord();
        var spammer = await _forum.AddMemberAsync($"spammer {Guid.NewGuid():N}"[..20]);
        var threadId = await _forum.AddThreadAsync();
        for (var i = 0; i < 3; i++)
        {
            await _forum.PostAsync(spammer, threadId, $"buy {word} now {i}");
        }

        Succeeded(await _forum.MemberModeration.SuspendAsync(_moderator.Principal, spammer.Id, null, "spam", RemoveCommentsScope.All, null));

        Assert.Empty(await FoundCommentsAsync(word));
    }

    [ProviderFact]
    public async Task DiacriticsAndCaseDoNotMatterOnSqlite()
    {
        if (fixture.Provider != ForumApp.Data.DatabaseProvider.Sqlite)
        {
            return; // PostgreSQL's 'simple' configuration folds case but keeps accents (no unaccent extension).
        }

        var word = NewWord();
        var threadId = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(_member, threadId, $"Crème BRÛLÉE {word}");

        Assert.Equal([comment.Id], await FoundCommentsAsync($"creme brulee {word}"));
        Assert.Contains("<mark>Crème</mark>", Assert.Single((await SearchAsync($"creme {word}")).Items).ExcerptHtml, StringComparison.Ordinal);
    }

    [ProviderFact]
    public async Task HostileQueriesNeverBreakTheQuery()
    {
        var word = NewWord();
        var threadId = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(_member, threadId, $"near or not {word}");
        string[] hostile =
        [
            "\"", "*", "NEAR(", "OR", "-", "AND", "NOT", ")", "(", "^", ":", "'", "\\", "&", "|", "!", "<->", "%", "_", "[",
            $"\"{word}", $"{word}\"", $"{word} OR", $"NEAR({word}", $"-{word}", $"{word}*", $"{word}:*", $"'{word}'", $"{word} & !", $"{word} ||",
            "🙂", "日本語", "\u0301", "\uE000", "a\u0000b",
        ];

        foreach (var query in hostile)
        {
            var result = await _search.SearchAsync(query, null, null, System.Net.IPAddress.Loopback);
            Assert.True(result.Succeeded, $"'{query}' failed: {result.Error?.Message}");
            if (query.Contains(word, StringComparison.Ordinal))
            {
                Assert.Contains(result.Value!.Items, i => i.CommentId == comment.Id);
            }
        }
    }

    [ProviderFact]
    public async Task EmptyOrWhitespaceQueriesAreRefusedAsInvalid()
    {
        foreach (var query in new[] { null, "", "   ", "\t\n" })
        {
            AssertError(await _search.SearchAsync(query, null, null, null), ForumErrorKind.Invalid, "q");
        }

        AssertError(await _search.SearchAsync("x", 0, null, null), ForumErrorKind.Invalid, "limit");
        AssertError(await _search.SearchAsync("x", null, "nonsense", null), ForumErrorKind.Invalid, "cursor");
    }

    [ProviderFact]
    public async Task PagesGoThroughEveryResultOnceInTheSameOrder()
    {
        var word = NewWord();
        var threadId = await _forum.AddThreadAsync();
        for (var i = 0; i < 23; i++)
        {
            // Different lengths give different ranks; repeats give ties, which the id breaks.
            await _forum.PostAsync(_member, threadId, $"{word} {string.Join(' ', Enumerable.Repeat("filler", i % 5))}");
        }

        var all = (await SearchAsync(word, limit: 50)).Items.Select(i => i.CommentId).ToList();
        var paged = new List<long?>();
        string? cursor = null;
        do
        {
            var page = await SearchAsync(word, limit: 5, cursor: cursor);
            Assert.True(page.Items.Count <= 5);
            paged.AddRange(page.Items.Select(i => i.CommentId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(23, all.Count);
        Assert.Equal(all, paged);
    }

    [ProviderFact]
    public async Task StoredMarkupInABodyNeverBecomesMarkupInTheExcerpt()
    {
        var word = NewWord();
        var threadId = await _forum.AddThreadAsync();
        foreach (var vector in ForumApp.Tests.Security.XssVectors.All)
        {
            await _forum.PostAsync(_member, threadId, $"{word} {vector.Text}");
        }

        string? cursor = null;
        var seen = 0;
        do
        {
            var page = await SearchAsync(word, limit: 50, cursor: cursor);
            foreach (var item in page.Items)
            {
                var fragment = new HtmlParser().ParseDocument($"<body>{item.ExcerptHtml}</body>").Body!;
                Assert.All(fragment.QuerySelectorAll("*"), e => Assert.Equal("MARK", e.TagName));
                Assert.Equal(word, Assert.Single(fragment.QuerySelectorAll("mark")).TextContent);
                seen++;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(ForumApp.Tests.Security.XssVectors.All.Count, seen);
    }
}

public sealed class SearchServiceTestsOnSqlite(SqliteDatabaseFixture fixture)
    : SearchServiceTests(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class SearchServiceTestsOnPostgreSql(PostgreSqlDatabaseFixture fixture)
    : SearchServiceTests(fixture), IClassFixture<PostgreSqlDatabaseFixture>, IRunsOnPostgreSql;
