using System.Text.Json;

namespace ForumApp.Tests.Security;

/// <summary>
/// The stored-XSS corpus through search and profiles: each batch of vectors is written by a member of its own as
/// comments (beside a word that finds them) and as a thread title, then read back through the search API's
/// excerpts and titles, the search page, the profile API and the profile page. None may hold anything executable.
/// </summary>
public sealed class SearchAndProfileXssTests(StoredXssForum forum) : IClassFixture<StoredXssForum>
{
    public static TheoryData<int> Batches => XssVectors.BatchNumbers(StoredXssForum.BatchSize);

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task HostileTextIsInertInSearchResultsAndOnProfiles(int number)
    {
        var vectors = XssVectors.Batches(StoredXssForum.BatchSize)[number];
        var author = await forum.RegisterAsync($"xss searcher {number}");
        var word = "x" + new string(Guid.NewGuid().ToString("N").Select(c => (char)('a' + (c % 26))).Take(12).ToArray());
        var threadId = (await forum.StartThreadAsync(vectors[0].Text, $"{word} article", author)).GetProperty("id").GetInt64();
        foreach (var vector in vectors)
        {
            await forum.CommentAsync(threadId, $"{word} {vector.Text}", author);
        }

        var found = 0;
        string? cursor = null;
        do
        {
            var page = await forum.Visitor.GetJsonAsync($"/api/search?q={word}&limit=50{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                ExecutableContent.AssertNone(ExecutableContent.ParseFragment(item.GetProperty("excerptHtml").GetString()!), $"An excerpt of batch {number}");
                ExecutableContent.AssertNone(ExecutableContent.ParseFragment(item.GetProperty("titleHtml").GetString()!), $"A result title of batch {number}");
                found++;
            }

            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(vectors.Count + 1, found);
        var results = await forum.GetPageAsync($"/search?q={word}");
        Assert.Equal(Math.Min(20, vectors.Count + 1), results.QuerySelectorAll("[data-testid='search-results'] > li.result").Length);
        ExecutableContent.AssertNone(results.QuerySelector("[data-testid='search-results']"), $"The search page of batch {number}");

        var profileUrl = $"/u/{Uri.EscapeDataString(author.DisplayName)}";
        var comments = await forum.Visitor.GetJsonAsync($"/api/users/{Uri.EscapeDataString(author.DisplayName)}/comments?limit=100");
        Assert.All(comments.GetProperty("items").EnumerateArray(), item =>
        {
            ExecutableContent.AssertNone(ExecutableContent.ParseFragment(item.GetProperty("bodyHtml").GetString()!), $"A profile comment of batch {number}");
            Assert.Equal(JsonValueKind.String, item.GetProperty("threadTitle").ValueKind);
        });
        var profile = await forum.GetPageAsync(profileUrl);
        Assert.Equal(Math.Min(20, vectors.Count), profile.QuerySelectorAll("[data-testid='profile-comment-list'] > li").Length);
        ExecutableContent.AssertNone(profile.QuerySelector("[data-testid='profile-comment-list']"), $"The profile page of batch {number}");
    }
}
