using System.Diagnostics;
using System.Text.Json;
using ForumApp.Benchmarks.Hosting;
using Microsoft.Playwright;

namespace ForumApp.Benchmarks.Clients;

/// <summary>One headless system Chromium; each watching page gets its own context (its own cookie jar and circuit).</summary>
internal sealed class Browsers : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Browsers(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Browsers> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("FORUM_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync",
                // Pages in the background must not be throttled: they are all "watching".
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
            ],
        });
        Progress.Say($"Chromium {browser.Version} launched");
        return new Browsers(playwright, browser);
    }

    /// <summary>Opens <paramref name="count"/> pages on <paramref name="url"/>, a few at a time, each until its circuit is interactive.</summary>
    /// <param name="answers">Where to record how long each page takes to answer a render batch, if anywhere.</param>
    public async Task<List<IPage>> OpenAsync(Uri url, int count, string label, CancellationToken ct, AppServer server, BrowserAnswerDelays? answers = null)
    {
        var pages = new IPage?[count];
        var next = -1;
        var opened = 0;
        await using (Progress.Every(TimeSpan.FromSeconds(5), label, () => $"{Volatile.Read(ref opened)}/{count} pages interactive", server))
        {
            var workers = Enumerable.Range(0, Math.Min(4, count)).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < count)
                {
                    ct.ThrowIfCancellationRequested();
                    // Reduced motion: the page skips the 3-second highlight of a new comment, which in software-rendered
                    // headless Chromium keeps every watching page repainting; the figure is delivery, not animation.
                    var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, ReducedMotion = ReducedMotion.Reduce });
                    var page = await context.NewPageAsync();
                    pages[index] = page;
                    answers?.Watch(page);
                    await page.GotoAsync(url.ToString(), new() { Timeout = 60_000 });
                    await page.WaitForSelectorAsync("#forum-interactive[data-interactive=true]", new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
                    Interlocked.Increment(ref opened);
                }
            }).ToList();
            await Task.WhenAll(workers);
        }

        return pages.Select(p => p!).ToList();
    }

    public static async Task CloseAsync(IEnumerable<IPage> pages)
    {
        foreach (var chunk in pages.Chunk(8))
        {
            await Task.WhenAll(chunk.Select(async p =>
            {
                try
                {
                    // Leaving the page lets Blazor tell the server the circuit is gone (its unload beacon);
                    // a closed tab alone leaves the circuit retained for minutes, skewing the next measurement.
                    await p.GotoAsync("about:blank", new() { Timeout = 15_000 });
                    await p.Context.CloseAsync();
                }
                catch (TimeoutException)
                {
                    await p.Context.CloseAsync();
                }
                catch (PlaywrightException)
                {
                }
            }));
        }
    }

    /// <summary>
    /// Installs in every page a MutationObserver that resolves when a comment card containing
    /// <paramref name="token"/> is added. Returns one task per page, resolving (in this process) to the
    /// Stopwatch time it was seen, the card's element id and the page's own clock (epoch ms).
    /// </summary>
    public static async Task<List<Task<PageSighting?>>> WatchForAsync(IReadOnlyList<IPage> pages, string token, TimeSpan timeout)
    {
        const string install = """
            ([token, timeoutMs]) => {
              window.__benchSeen = new Promise(resolve => {
                const done = value => { observer.disconnect(); clearTimeout(timer); resolve(value); };
                const timer = setTimeout(() => done(null), timeoutMs);
                const observer = new MutationObserver(records => {
                  for (const record of records) {
                    for (const node of record.addedNodes) {
                      const text = node.textContent;
                      if (text && text.includes(token)) {
                        const element = node.nodeType === 1 ? node : node.parentElement;
                        const card = element && (element.closest('article[id^="c"]') || element.querySelector('article[id^="c"]'));
                        done({ id: card ? card.id : '', at: performance.timeOrigin + performance.now() });
                        return;
                      }
                    }
                  }
                });
                observer.observe(document.body, { childList: true, subtree: true });
              });
              return true;
            }
            """;
        await Task.WhenAll(pages.Select(p => p.EvaluateAsync<bool>(install, new object[] { token, timeout.TotalMilliseconds })));
        return pages.Select(async p =>
        {
            var seen = await p.EvaluateAsync<JsonElement?>("() => window.__benchSeen");
            var at = Stopwatch.GetTimestamp();
            return seen is { ValueKind: JsonValueKind.Object } found
                ? new PageSighting(at, found.GetProperty("id").GetString() ?? "", found.GetProperty("at").GetDouble())
                : (PageSighting?)null;
        }).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>When a page showed the comment: Stopwatch time in this process, the card's id, the page's epoch ms.</summary>
internal sealed record PageSighting(long SeenAt, string ElementId, double PageEpochMs);
