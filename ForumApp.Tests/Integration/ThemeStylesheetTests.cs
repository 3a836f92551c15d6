using System.Net;
using System.Text.RegularExpressions;
using ForumApp.Components.Layout;
using ForumApp.Tests.Comments;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ForumApp.Tests.Integration;

/// <summary>Prerendered pages take the theme from one cached stylesheet, with the reader's choice on the root element.</summary>
public sealed partial class ThemeStylesheetTests(CommentsApiFixture forum) : IClassFixture<CommentsApiFixture>
{
    [Fact]
    public async Task APageLinksTheVersionedStylesheetInsteadOfWritingTheThemeAndCarriesTheChosenTheme()
    {
        using var reader = forum.App.CreateClient();
        var page = await reader.GetStringAsync("/");

        Assert.DoesNotContain("--mud-palette-primary:", page, StringComparison.Ordinal);
        Assert.Equal("system", RootTheme().Match(page).Groups[1].Value);
        var href = StylesheetLink().Match(page).Groups[1].Value;
        Assert.StartsWith(ThemeStylesheet.Path.TrimStart('/') + "?v=", href, StringComparison.Ordinal);

        using var sheet = await reader.GetAsync("/" + href);
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        Assert.Equal("text/css", sheet.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", sheet.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var css = await sheet.Content.ReadAsStringAsync();

        // ForumTheme's light primary (#3557d6) by default, its dark one (#8aa2ff) for a dark choice and a dark system.
        Assert.Matches(@":where\(:root\) \{[^}]*--mud-palette-primary: rgba\(53,87,214,1\);", css);
        Assert.Matches(@":where\(:root\[data-theme=""dark""\]\) \{[^}]*--mud-palette-primary: rgba\(138,162,255,1\);", css);
        Assert.Matches(@"@media \(prefers-color-scheme: dark\) \{ :where\(:root\[data-theme=""system""\]\) \{[^}]*--mud-palette-primary: rgba\(138,162,255,1\);", css);

        using var unversioned = await reader.GetAsync(ThemeStylesheet.Path);
        Assert.DoesNotContain("immutable", unversioned.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dark", "dark")]
    [InlineData("light", "light")]
    [InlineData("nonsense", "system")]
    public async Task TheRootElementCarriesTheThemeChosenInTheCookie(string cookie, string expected)
    {
        using var reader = forum.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"{ThemeCookie.Name}={cookie}");
        using var response = await reader.SendAsync(request);

        Assert.Equal(expected, RootTheme().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value);
    }

    [GeneratedRegex("<html[^>]* data-theme=\"([a-z]+)\"")]
    private static partial Regex RootTheme();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(theme\\.css\\?v=[0-9a-f]+)\"")]
    private static partial Regex StylesheetLink();
}
