using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using ForumApp.Tests.TestInfrastructure;

namespace ForumApp.Tests.Integration;

/// <summary>Every page carries a Content-Security-Policy whose nonce matches the only inline script.</summary>
public sealed partial class SecurityHeadersTests : IClassFixture<SeededForumFixture>
{
    private readonly SeededForumFixture _forum;

    public SecurityHeadersTests(SeededForumFixture forum) => _forum = forum;

    [Theory]
    [InlineData("/")]
    [InlineData("/t/1")]
    [InlineData("/account/login")]
    public async Task PagesAllowOnlyTheirOwnScriptsAndTheNoncedImportMap(string path)
    {
        using var client = _forum.App.CreateClient();
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.DoesNotContain("'unsafe-inline'", ScriptSources().Match(policy).Value);
        Assert.DoesNotContain("'unsafe-eval'", policy);
        var nonce = NonceInPolicy().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);

        var document = new HtmlParser().ParseDocument(html);
        foreach (var script in document.QuerySelectorAll("script"))
        {
            // An inline script runs only with the nonce; scripts from files come from this site.
            if (string.IsNullOrEmpty(script.GetAttribute("src")))
            {
                Assert.Equal(nonce, script.GetAttribute("nonce"));
            }
            else
            {
                Assert.False(Uri.TryCreate(script.GetAttribute("src"), UriKind.Absolute, out _), $"external script {script.GetAttribute("src")}");
            }
        }

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task EachResponseGetsItsOwnNonce()
    {
        using var client = _forum.App.CreateClient();
        using var first = await client.GetAsync("/");
        using var second = await client.GetAsync("/");

        var nonces = new[] { first, second }
            .Select(r => NonceInPolicy().Match(Assert.Single(r.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value)
            .ToList();
        Assert.NotEqual(nonces[0], nonces[1]);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();

    [GeneratedRegex("script-src[^;]*")]
    private static partial Regex ScriptSources();
}
