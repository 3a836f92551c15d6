using MudBlazor;

namespace ForumApp.Components.Layout;

/// <summary>The forum's look: calm neutrals, one blue accent, and the reader's own system font.</summary>
public static class ForumTheme
{
    // No web fonts: the app may run without internet access, and the platform's UI font reads best anyway.
    private static readonly string[] _systemFonts =
    [
        "system-ui", "-apple-system", "BlinkMacSystemFont", "Segoe UI", "Roboto", "Helvetica Neue",
        "Noto Sans", "Liberation Sans", "Arial", "sans-serif", "Apple Color Emoji", "Segoe UI Emoji",
    ];

    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            // Every colour that can carry text is at least 4.5:1 on the surface and on the page background
            // (WCAG 2.2 AA); MudBlazor's own warning, error, info and success are too light for that.
            Primary = "#3557d6",
            Secondary = "#7c4dcc",
            Tertiary = "#0d7d72",
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#a0480a",
            Error = "#c62828",
            Background = "#f5f6f8",
            BackgroundGray = "#eceef2",
            Surface = "#ffffff",
            AppbarBackground = "#ffffff",
            AppbarText = "#1d2230",
            TextPrimary = "#1d2230",
            TextSecondary = "#586072",
            TextDisabled = "rgba(29,34,48,0.45)",
            ActionDefault = "#586072",
            LinesDefault = "rgba(29,34,48,0.12)",
            Divider = "rgba(29,34,48,0.12)",
            DividerLight = "rgba(29,34,48,0.06)",
            GrayLight = "#c3c8d2",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8aa2ff",
            // Dark text on the light primary: white on #8aa2ff is too faint to read.
            PrimaryContrastText = "#0d1330",
            Secondary = "#b89cff",
            Tertiary = "#4fd1c0",
            Error = "#ff7b72",
            Info = "#5aa9ff",
            Background = "#111319",
            BackgroundGray = "#171a21",
            Surface = "#1a1d25",
            AppbarBackground = "#1a1d25",
            AppbarText = "#e7e9ef",
            TextPrimary = "#e7e9ef",
            TextSecondary = "#a3aab8",
            TextDisabled = "rgba(231,233,239,0.45)",
            ActionDefault = "#a3aab8",
            LinesDefault = "rgba(231,233,239,0.13)",
            Divider = "rgba(231,233,239,0.12)",
            DividerLight = "rgba(231,233,239,0.06)",
            GrayLight = "#4a5163",
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "10px",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = _systemFonts },
            H1 = new H1Typography { FontFamily = _systemFonts },
            H2 = new H2Typography { FontFamily = _systemFonts },
            H3 = new H3Typography { FontFamily = _systemFonts },
            H4 = new H4Typography { FontFamily = _systemFonts },
            H5 = new H5Typography { FontFamily = _systemFonts },
            H6 = new H6Typography { FontFamily = _systemFonts },
            Subtitle1 = new Subtitle1Typography { FontFamily = _systemFonts },
            Subtitle2 = new Subtitle2Typography { FontFamily = _systemFonts },
            Body1 = new Body1Typography { FontFamily = _systemFonts },
            Body2 = new Body2Typography { FontFamily = _systemFonts },
            Button = new ButtonTypography { FontFamily = _systemFonts, TextTransform = "none" },
            Caption = new CaptionTypography { FontFamily = _systemFonts },
            Overline = new OverlineTypography { FontFamily = _systemFonts },
        },
    };
}
