using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace ForumApp.Components.Layout;

/// <summary>
/// The forum theme's CSS as one stylesheet, made once by MudBlazor's own provider and cached by browsers. A
/// prerendered page then carries no theme: it used to carry two style blocks (27 KB, a third of a short
/// thread's page) built anew for every request. Every rule here has zero specificity (<c>:where</c>), so once
/// a page is interactive the layout's <see cref="MudThemeProvider"/> decides, and switching theme in place
/// works as before. The choice read from the cookie is on the root element (<see cref="AttributeOf"/>).
/// </summary>
public sealed partial class ThemeStylesheet
{
    public const string Path = "/theme.css";

    private string? _css;
    private string? _version;

    public string Css => _css ?? throw NotBuilt();

    /// <summary>Changes with the content, so the address can be cached for good.</summary>
    public string Version => _version ?? throw NotBuilt();

    public string Href => $"{Path.TrimStart('/')}?v={Version}";

    /// <summary>The value of the root element's <c>data-theme</c>, which picks the palette before the page is interactive.</summary>
    public static string AttributeOf(ThemeChoice choice) => choice.ToString().ToLowerInvariant();

    /// <summary>Renders the provider light and dark, once at start, with the app's services, and keeps what it wrote.</summary>
    public async Task BuildAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        var theme = ForumTheme.Create();
        var light = await RenderAsync(renderer, theme, dark: false);
        var dark = await RenderAsync(renderer, theme, dark: true);

        var css = new StringBuilder();
        foreach (var style in light.Where(s => !IsPalette(s)))
        {
            css.AppendLine(style.Trim());
        }

        css.Append(":where(:root) {").Append(VariablesOf(light)).AppendLine("}");
        css.Append(":where(:root[data-theme=\"dark\"]) {").Append(VariablesOf(dark)).AppendLine("}");
        css.Append("@media (prefers-color-scheme: dark) { :where(:root[data-theme=\"system\"]) {").Append(VariablesOf(dark)).AppendLine("} }");
        _css = css.ToString();
        _version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_css)))[..12];
    }

    private static async Task<List<string>> RenderAsync(HtmlRenderer renderer, MudTheme theme, bool dark)
    {
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            }));
            return output.ToHtmlString();
        });
        var styles = StyleBlock().Matches(html).Select(m => m.Groups[1].Value).ToList();
        if (!styles.Exists(IsPalette))
        {
            throw new InvalidOperationException("MudThemeProvider wrote no palette variables; the theme stylesheet cannot be made.");
        }

        return styles;
    }

    private static InvalidOperationException NotBuilt() => new("The theme stylesheet is built at start (MapForumThemeAsync).");

    private static bool IsPalette(string style) => style.Contains("--mud-palette-primary:", StringComparison.Ordinal);

    // The provider writes its variables as one ":root{ ... }" rule.
    private static string VariablesOf(List<string> styles)
    {
        var palette = styles.Single(IsPalette);
        if (palette.Count(c => c == '{') != 1)
        {
            throw new InvalidOperationException("MudThemeProvider's variables are no longer one rule; the theme stylesheet needs another way to read them.");
        }

        var open = palette.IndexOf('{', StringComparison.Ordinal);
        var close = palette.LastIndexOf('}');
        return palette[(open + 1)..close];
    }

    [GeneratedRegex("<style[^>]*>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
