using System.Text;
using ForumApp.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace ForumApp.Components.Account.Shared;

/// <summary>
/// MainLayout learns the reader's dark-mode preference from the browser once the page is interactive.
/// Static pages (the account pages) never get there and would always be light, so this writes the
/// forum's dark palette under a <c>prefers-color-scheme: dark</c> media query, using MudBlazor's own
/// variable generation so the values match the interactive pages exactly.
/// </summary>
public sealed class SystemDarkPalette : MudThemeProvider
{
    private static readonly MudTheme Forum = ForumTheme.Create();

    public override Task SetParametersAsync(ParameterView parameters) =>
        base.SetParametersAsync(ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(Theme)] = Forum,
            [nameof(IsDarkMode)] = true,
        }));

    // The same for every page (one theme, always dark), so generated once instead of on every request.
    private static string? _style;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        // Markup, not text: the generated CSS quotes font names, and our own theme is its only input.
        builder.AddMarkupContent(0, _style ??= Generate());
    }

    private string Generate()
    {
        var variables = new StringBuilder();
        GenerateTheme(variables);
        return $"<style>@media (prefers-color-scheme: dark) {{ :root {{ {variables} }} }}</style>";
    }

    // Nothing to set up in the browser: MainLayout's provider does that on interactive pages.
    protected override Task OnAfterRenderAsync(bool firstRender) => Task.CompletedTask;
}
