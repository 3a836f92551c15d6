using ForumApp.Features.Profiles;
using System.Globalization;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ForumApp.Tests.BrowserTests;

/// <summary>
/// Every page audited by axe-core against WCAG 2.2 AA, in the light and the dark theme, as each kind of reader
/// who can reach it, plus what axe cannot see: focus shown by keyboard, and touch targets on a phone.
/// One Chromium, one context per role; the theme changes without signing in again.
/// </summary>
public sealed class AccessibilityTests(ChromiumFixture chromium, AccessibilityForum forum)
    : IClassFixture<ChromiumFixture>, IClassFixture<AccessibilityForum>
{
    private const string LightBackground = "rgb(245, 246, 248)";
    private const string DarkBackground = "rgb(17, 19, 25)";

    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        ResultTypes = [ResultType.Violations],

        // Best practices on top of the WCAG tags: one main landmark, one banner and an h1 on every page.
        Rules = new Dictionary<string, RuleOptions>
        {
            ["landmark-one-main"] = new() { Enabled = true },
            ["landmark-no-duplicate-main"] = new() { Enabled = true },
            ["landmark-no-duplicate-banner"] = new() { Enabled = true },
            ["landmark-main-is-top-level"] = new() { Enabled = true },
            ["page-has-heading-one"] = new() { Enabled = true },
        },
    };

    static AccessibilityTests()
    {
        // Many pages one after another on a busy 2-core machine.
        SetDefaultExpectTimeout(15_000);
    }

    [Fact]
    public async Task AnonymousReaderPagesPassTheAudit()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        List<AuditedPage> pages =
        [
            new("home", "/", Screenshot: true),
            new("thread", forum.ThreadUrl),
            new("permalink", forum.PermalinkUrl, Screenshot: true),
            new("locked thread", forum.LockedThreadUrl),
            new("start a thread (signed out)", "/threads/new"),
            new("search results", "/search?q=comments%20both", Screenshot: true),
            new("search without results", "/search?q=nothingmatchesthis"),
            new("profile", ProfileService.UrlOf(forum.Author.DisplayName), Screenshot: true),
            new("unknown profile", "/u/nobody%20here"),
            new("not found", "/not-found"),
            new("unknown address", "/no-such-page"),
            new("log-in", "/account/login", Interactive: false, Screenshot: true),
            new("register", "/account/register", Interactive: false),
            new("forgot password", "/account/forgot-password", Interactive: false),
            new("reset password without code", "/account/reset-password", Interactive: false),
            new("reset password", "/account/reset-password?code=Q09ERQ", Interactive: false),
        ];

        AssertNoViolations(await AuditAsync(page, "anonymous", pages));
    }

    [Fact]
    public async Task MemberPagesPassTheAudit()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SignInAsync(forum.Member.Email, forum.Member.Password, "/");
        List<AuditedPage> pages =
        [
            new("home", "/"),
            new("thread with a reply editor open", forum.ThreadUrl, Prepare: OpenReplyEditorAsync, Screenshot: true),
            new("thread with the report dialog open", forum.ThreadUrl, Prepare: OpenReportDialogAsync),
            new("thread with the mention list open", forum.ThreadUrl, Prepare: OpenMentionListAsync, Screenshot: true),
            new("permalink", forum.PermalinkUrl),
            new("locked thread", forum.LockedThreadUrl),
            new("start a thread", "/threads/new", Screenshot: true),
            new("notifications", "/notifications", Screenshot: true),
            new("change password", "/account/manage/password", Interactive: false),
            new("access denied", "/account/access-denied", Interactive: false),
        ];

        AssertNoViolations(await AuditAsync(page, "member", pages));
    }

    [Fact]
    public async Task ModeratorAndAdminPagesPassTheAudit()
    {
        List<AuditedPage> moderatorPages =
        [
            new("thread", forum.ThreadUrl, Screenshot: true),
            new("locked thread", forum.LockedThreadUrl),
            new("permalink", forum.PermalinkUrl),
            new("moderation reports", "/moderation/reports"),
            new("moderation log", "/moderation/log"),
            new("moderation members", "/moderation/members"),
        ];
        await using var moderatorContext = await NewContextAsync();
        var moderator = await moderatorContext.NewPageAsync();
        await moderator.SignInAsync(AccessibilityForum.Moderator.Email, AccessibilityForum.Moderator.Password, "/");
        var failures = await AuditAsync(moderator, "moderator", moderatorPages);

        await using var adminContext = await NewContextAsync();
        var admin = await adminContext.NewPageAsync();
        await admin.SignInAsync(AccessibilityForum.Admin.Email, AccessibilityForum.Admin.Password, "/");
        failures.AddRange(await AuditAsync(admin, "admin", [new("admin", "/admin")]));

        AssertNoViolations(failures);
    }

    [Fact]
    public async Task ReplyShowsFocusFromTheKeyboardAndCommentControlsAreLargeEnoughOnAPhone()
    {
        await using var context = await NewContextAsync(new() { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();
        await page.SignInAsync(forum.Member.Email, forum.Member.Password, forum.ThreadUrl);
        var comment = page.Locator($"#c{forum.RichCommentId}");
        var reply = comment.Locator("[data-testid='reply-button']");
        var collapse = comment.Locator("[data-testid='collapse-toggle']");

        await Expect(reply).ToHaveAccessibleNameAsync($"Reply to {forum.Author.DisplayName}");
        await Expect(collapse).ToHaveAccessibleNameAsync("Collapse 1 reply");
        await Expect(collapse).ToHaveAttributeAsync("aria-expanded", "true");

        // Reach Reply by keyboard: focus the control before it, then Tab.
        await reply.FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(reply).ToBeFocusedAsync();
        var focus = await reply.EvaluateAsync<FocusRing>("""
            element => {
              const style = getComputedStyle(element);
              const parse = text => (text.match(/[\d.]+/g) || []).map(Number);
              const luminance = ([r, g, b]) => {
                const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
                return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
              };
              let backdrop = element.parentElement;
              while (backdrop && parse(getComputedStyle(backdrop).backgroundColor)[3] === 0) backdrop = backdrop.parentElement;
              const ring = luminance(parse(style.outlineColor));
              const behind = luminance(parse(getComputedStyle(backdrop || document.body).backgroundColor));
              const contrast = (Math.max(ring, behind) + 0.05) / (Math.min(ring, behind) + 0.05);
              return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), contrast };
            }
            """);
        Assert.NotEqual("none", focus.Style);
        Assert.True(focus.Width >= 2, $"The focus outline is {focus.Width}px wide.");
        Assert.True(focus.Contrast >= 3, $"The focus outline contrasts {focus.Contrast.ToString("0.00", CultureInfo.InvariantCulture)}:1 with the card.");
        await page.SaveScreenshotAroundAsync(reply, "a11y-reply-focused-phone");

        foreach (var (name, control) in new[] { ("Reply", reply), ("collapse", collapse), ("time link", comment.Locator("a.permalink")) })
        {
            var box = await control.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width >= 24 && box.Height >= 24, $"{name} is {box.Width}×{box.Height} px at 390 px wide.");
        }

        await page.SaveScreenshotAsync("a11y-member-thread-phone-light");
        await page.ChooseThemeAsync("dark");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);
        await page.SaveScreenshotAsync("a11y-member-thread-phone-dark");

        await collapse.PressAsync("Enter");
        await Expect(collapse).ToHaveAccessibleNameAsync("Expand 2 replies");
        await Expect(collapse).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(collapse).ToBeFocusedAsync();
    }

    private static void AssertNoViolations(List<string> failures) =>
        Assert.True(failures.Count == 0, $"{failures.Count} accessibility violations:\n{string.Join("\n", failures)}");

    private sealed class FocusRing
    {
        public string Style { get; set; } = "";

        public double Width { get; set; }

        public double Contrast { get; set; }
    }

    /// <summary>A page to audit; <paramref name="Prepare"/> brings it into the state under audit (an editor or dialog open).</summary>
    private sealed record AuditedPage(string Name, string Url, bool Interactive = true, Func<IPage, Task>? Prepare = null, bool Screenshot = false);

    private Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null) =>
        chromium.Browser.NewContextAsync(new()
        {
            BaseURL = forum.BaseAddress.ToString(),
            ViewportSize = viewport ?? new() { Width = 1280, Height = 900 },
            ColorScheme = ColorScheme.Light,
        });

    /// <summary>
    /// Audits each page in the light theme, then switches it to the dark one in place and audits it again
    /// (a page with a prepared state is loaded again for that); returns one line per failing element.
    /// </summary>
    private static async Task<List<string>> AuditAsync(IPage page, string role, IReadOnlyList<AuditedPage> pages)
    {
        var failures = new List<string>();
        foreach (var audited in pages)
        {
            foreach (var dark in new[] { false, true })
            {
                await page.EmulateMediaAsync(new() { ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light });
                var load = !dark || audited.Prepare is not null;
                if (load)
                {
                    await page.GotoAsync(audited.Url);
                    await page.WaitForLoadStateAsync(LoadState.Load);
                    if (audited.Interactive)
                    {
                        await page.WaitForInteractiveAsync();
                    }
                }

                await UseThemeAsync(page, dark, audited.Interactive);
                if (load && audited.Prepare is { } prepare)
                {
                    await prepare(page);
                }

                await WaitForAnimationsAsync(page);
                var result = await page.RunAxe(WcagAa);
                var where = $"{role}, {(dark ? "dark" : "light")}, {audited.Name} ({audited.Url})";
                if (audited.Screenshot)
                {
                    await page.SaveScreenshotAsync($"a11y-{role}-{audited.Name.Replace(' ', '-')}-{(dark ? "dark" : "light")}");
                }

                failures.AddRange(result.Violations.SelectMany(violation => violation.Nodes.Select(node =>
                    $"{where}: {violation.Id} at {node.Target}: {Summary(violation, node)}")));
            }
        }

        return failures;
    }

    private static string Summary(AxeResultItem violation, AxeResultNode node)
    {
        var checks = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(check => check.Message);
        return $"{violation.Help}. {string.Join(" ", checks)}".ReplaceLineEndings(" ");
    }

    /// <summary>
    /// Static pages follow the system preference. Interactive pages follow it too, even when it changes while
    /// they are open, unless the reader chose a theme; then the app bar's toggle switches it.
    /// </summary>
    private static async Task UseThemeAsync(IPage page, bool dark, bool interactive)
    {
        var body = page.Locator("body");
        var expected = dark ? DarkBackground : LightBackground;
        if (interactive)
        {
            try
            {
                await Expect(body).ToHaveCSSAsync("background-color", expected, new() { Timeout = 5_000 });
            }
            catch (PlaywrightException)
            {
                await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Switch to (light|dark) theme$") }).ClickAsync();
            }
        }

        await Expect(body).ToHaveCSSAsync("background-color", expected);
    }

    /// <summary>Colours are measured once transitions (a dialog fading in, a theme change) have finished.</summary>
    private static Task WaitForAnimationsAsync(IPage page) =>
        page.WaitForFunctionAsync("""
            () => document.getAnimations().every(animation =>
              animation.playState !== "running" || animation.effect?.getComputedTiming().endTime === Infinity)
            """);

    private async Task OpenReplyEditorAsync(IPage page)
    {
        var comment = page.Locator($"#c{forum.RichCommentId}");
        await comment.Locator("[data-testid='reply-button']").ClickAsync();
        await Expect(comment.Locator("[data-testid='reply-editor'] textarea")).ToBeFocusedAsync();
    }

    private async Task OpenMentionListAsync(IPage page)
    {
        await OpenReplyEditorAsync(page);
        var editor = page.Locator($"#c{forum.RichCommentId} [data-testid='reply-editor'] textarea");
        await editor.FillAsync(""); // the first pass's words come back as a draft
        await editor.PressSequentiallyAsync("@" + forum.Author.DisplayName[..3]);
        await Expect(page.Locator("[data-testid='mention-list'] [role='option']").First).ToBeVisibleAsync();
    }

    private async Task OpenReportDialogAsync(IPage page)
    {
        await page.Locator($"#c{forum.ReportedCommentId} [data-testid='report-button']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
    }
}
