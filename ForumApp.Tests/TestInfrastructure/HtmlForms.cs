using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>A form as a browser would post it: its address and the values of its named fields.</summary>
public sealed record PageForm(string Action, Dictionary<string, string> Fields)
{
    /// <summary>A copy with some fields set (or added).</summary>
    public PageForm With(params (string Name, string Value)[] values)
    {
        var fields = new Dictionary<string, string>(Fields);
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        return this with { Fields = fields };
    }

    public PageForm Without(string name)
    {
        var fields = new Dictionary<string, string>(Fields);
        fields.Remove(name);
        return this with { Fields = fields };
    }
}

/// <summary>Reads server-rendered pages and posts their forms, antiforgery token and form name included.</summary>
public static class HtmlForms
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    private static readonly HtmlParser Parser = new();

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}:\n{html}");
        return Parse(html);
    }

    /// <summary>The page's Blazor form (the one carrying a <c>_handler</c> form name), read from a GET of <paramref name="url"/>.</summary>
    public static async Task<PageForm> GetFormAsync(this HttpClient client, string url)
    {
        var page = await client.GetPageAsync(url);
        var form = page.Forms.FirstOrDefault(f => f.QuerySelector("input[name=_handler]") is not null)
            ?? throw new Xunit.Sdk.XunitException($"No Blazor form on {url}:\n{page.DocumentElement.OuterHtml}");
        return ReadForm(form, url);
    }

    /// <summary>Any form on the page with the given action, e.g. "/account/logout".</summary>
    public static PageForm ReadForm(IHtmlFormElement form, string pageUrl)
    {
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked)
            {
                continue;
            }

            fields[input.Name!] = input.Value;
        }

        var action = form.GetAttribute("action");
        return new PageForm(string.IsNullOrEmpty(action) ? pageUrl : action, fields);
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, PageForm form) =>
        client.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));

    public static async Task<IHtmlDocument> ReadPageAsync(this HttpResponseMessage response) =>
        Parse(await response.Content.ReadAsStringAsync());

    public static string TextOf(this IParentNode page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim()
        ?? throw new Xunit.Sdk.XunitException($"Nothing matches '{selector}'.");
}
