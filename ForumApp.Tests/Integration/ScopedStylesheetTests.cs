using System.Net;
using System.Text.RegularExpressions;
using ForumApp.Components.Threads;
using ForumApp.Tests.Comments;

namespace ForumApp.Tests.Integration;

/// <summary>
/// The card's shared markup is written with the CSS scopes named in the project file, so the stylesheet the app
/// serves must style those same names, or every card a reader who is not signed in sees is unstyled.
/// </summary>
public sealed partial class ScopedStylesheetTests(CommentsApiFixture forum) : IClassFixture<CommentsApiFixture>
{
    [Fact]
    public async Task TheServedComponentStylesheetStylesTheScopesTheSharedMarkupCarries()
    {
        using var reader = forum.App.CreateClient();
        var page = await reader.GetStringAsync("/");
        var href = ComponentStylesheetLink().Match(page).Groups[1].Value;
        Assert.NotEmpty(href);

        using var sheet = await reader.GetAsync("/" + href);
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        var css = await sheet.Content.ReadAsStringAsync();

        Assert.Contains($".comment[{CardMarkup.CardScope}]", css, StringComparison.Ordinal);
        Assert.Contains($".avatar[{CardMarkup.AvatarScope}]", css, StringComparison.Ordinal);
        Assert.Contains($".author-link[{CardMarkup.AuthorLinkScope}]", css, StringComparison.Ordinal);
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(ForumApp\\.[a-z0-9]*\\.?styles\\.css)\"")]
    private static partial Regex ComponentStylesheetLink();
}
