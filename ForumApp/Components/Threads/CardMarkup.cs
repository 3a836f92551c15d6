using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using ForumApp.Components.Shared;
using ForumApp.Data;
using ForumApp.Features.Profiles;
using ForumApp.Realtime;
using Microsoft.AspNetCore.Components;

namespace ForumApp.Components.Threads;

/// <summary>
/// The parts of a comment card that have no handler in them, written once as HTML and shared by every open page:
/// the header (avatar, name, time) for everyone, and the vote and reply links a reader who is not signed in gets.
/// A new comment reaches every open page, and each page drew these parts as some sixty render-tree frames and
/// strings of its own, kept for as long as the page stayed open; as markup they are one frame and one shared string.
/// The markup is exactly what the components' own markup gives, scope attributes included (named in the project
/// file, so they are known here).
/// </summary>
public static class CardMarkup
{
    public const string CardScope = "b-comment-card";
    public const string AvatarScope = "b-author-avatar";
    public const string AuthorLinkScope = "b-author-link";

    // Entries are replaced when what they were made from changes; a bound keeps a long-running server from keeping
    // every comment it ever showed.
    private const int MaxEntries = 50_000;

    // The whitespace the card's own markup keeps between these elements.
    private const string HeaderGap = "\n            ";
    private const string VotesGap = "\n                        ";

    private static readonly ConcurrentDictionary<(long Id, bool New), (HeaderInputs Inputs, MarkupString Markup)> Headers = new();
    private static readonly ConcurrentDictionary<long, (ReaderInputs Inputs, MarkupString Markup)> ReaderActionRows = new();
    private static readonly ConcurrentDictionary<long, CardIds> Ids = new();
    private static readonly ConcurrentDictionary<long, (string Html, MarkupString Markup)> Bodies = new();

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    // Structs: they are made at every draw of every card on every open page, and compared with what the cache holds.
    private readonly record struct HeaderInputs(string Author, DateTime CreatedAt, DateTime? EditedAt, bool Deleted, string When, string? PermalinkUrl);

    private readonly record struct ReaderInputs(long ThreadId, string Author, int Score, string? ContinueUrl);

    /// <summary>The card's attribute values that only its place in the thread decides, made once per comment.</summary>
    public sealed record CardIds(long ParentOf, int DepthOf, string ElementId, string Id, string? ParentId, string Depth);

    /// <summary>The header's contents: avatar, name, "New", the time as a link to the comment, and "edited".</summary>
    public static MarkupString Header(CommentView comment, bool isNew, string? permalinkUrl, DateTimeOffset now)
    {
        var inputs = new HeaderInputs(comment.Author, comment.CreatedAt, comment.EditedAt, comment.Deleted,
            RelativeTimeText.Describe(comment.CreatedAt, now), permalinkUrl);
        var key = (comment.Id, isNew);
        if (Headers.TryGetValue(key, out var known) && known.Inputs == inputs)
        {
            return known.Markup;
        }

        var markup = new MarkupString(WriteHeader(inputs, isNew));
        Remember(Headers, key, (inputs, markup));
        return markup;
    }

    /// <summary>
    /// The action row for a reader who is not signed in: vote links and "Sign in to reply", which sign them in and
    /// come back, and "Continue this thread" where the replies go deeper than the view shows.
    /// </summary>
    public static MarkupString ReaderActionRow(CommentView comment, string? continueUrl)
    {
        var inputs = new ReaderInputs(comment.ThreadId, comment.Author, comment.Score, continueUrl);
        if (ReaderActionRows.TryGetValue(comment.Id, out var known) && known.Inputs == inputs)
        {
            return known.Markup;
        }

        var markup = new MarkupString(WriteReaderActions(comment.Id, inputs));
        Remember(ReaderActionRows, comment.Id, (inputs, markup));
        return markup;
    }

    /// <summary>
    /// The comment's text in its element. With the element as part of the markup, a card a reader who is not signed
    /// in sees fits the renderer's smallest frame buffer, which every open page keeps for every card it shows.
    /// </summary>
    public static MarkupString Body(CommentView comment)
    {
        var html = comment.BodyHtml ?? "";
        if (Bodies.TryGetValue(comment.Id, out var known) && string.Equals(known.Html, html, StringComparison.Ordinal))
        {
            return known.Markup;
        }

        var markup = new MarkupString($"<div class=\"comment-text\" {CardScope}>{html}</div>");
        Remember(Bodies, comment.Id, (html, markup));
        return markup;
    }

    /// <summary>The element id and data attributes of a comment's card.</summary>
    public static CardIds IdsOf(CommentView comment)
    {
        var parent = comment.ParentId ?? 0;
        if (Ids.TryGetValue(comment.Id, out var known) && known.ParentOf == parent && known.DepthOf == comment.Depth)
        {
            return known;
        }

        var id = comment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ids = new CardIds(parent, comment.Depth, "c" + id, id,
            comment.ParentId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            comment.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Remember(Ids, comment.Id, ids);
        return ids;
    }

    /// <summary>Where a reader who is not signed in goes to reply to a comment, coming back to it with the editor open.</summary>
    public static string SignInToReplyUrl(long threadId, long commentId) =>
        $"/account/login?ReturnUrl={Uri.EscapeDataString($"/t/{threadId}?reply={commentId}#c{commentId}")}";

    /// <summary>Where a reader who is not signed in goes to vote on a comment, coming back to it after.</summary>
    public static string SignInToVoteUrl(long threadId, long commentId) =>
        $"/account/login?ReturnUrl={Uri.EscapeDataString($"/t/{threadId}#c{commentId}")}";

    private static void Remember<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, TKey key, TValue value)
        where TKey : notnull
    {
        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
        }

        cache[key] = value;
    }

    private static string WriteHeader(HeaderInputs inputs, bool isNew)
    {
        var html = new StringBuilder(512);
        html.Append("<span class=\"avatar\" style=\"").Append(Encoder.Encode(AuthorAvatar.StyleOf(inputs.Author, 20)))
            .Append("\" aria-hidden=\"true\" ").Append(AvatarScope).Append('>').Append(Encoder.Encode(AuthorAvatar.InitialOf(inputs.Author))).Append("</span>")
            .Append(HeaderGap)
            .Append("<span class=\"author\" ").Append(CardScope).Append('>');
        if (inputs.Author == ReservedAuthors.Anonymous || string.IsNullOrEmpty(inputs.Author))
        {
            html.Append(Encoder.Encode(inputs.Author));
        }
        else
        {
            html.Append("<a class=\"author-link\" href=\"").Append(Encoder.Encode(ProfileService.UrlOf(inputs.Author)))
                .Append("\" data-testid=\"author-link\" ").Append(AuthorLinkScope).Append('>').Append(Encoder.Encode(inputs.Author)).Append("</a>");
        }

        html.Append("</span>");
        if (isNew)
        {
            html.Append("<span class=\"new-label\" data-testid=\"new-marker\" ").Append(CardScope).Append(">New</span>");
        }

        Separator(html).Append(HeaderGap).Append("<a class=\"permalink\"");
        if (inputs.PermalinkUrl is { } permalink)
        {
            html.Append(" href=\"").Append(Encoder.Encode(permalink)).Append('"');
        }

        html.Append(" title=\"Link to this comment\" ").Append(CardScope).Append("><time datetime=\"").Append(RelativeTimeText.Iso(inputs.CreatedAt))
            .Append("\" title=\"").Append(Encoder.Encode(RelativeTimeText.Absolute(inputs.CreatedAt))).Append("\">").Append(Encoder.Encode(inputs.When))
            .Append("</time></a>");
        if (inputs.EditedAt is { } editedAt && !inputs.Deleted)
        {
            Separator(html).Append(HeaderGap).Append("<span class=\"edited\" data-testid=\"edited-marker\" title=\"")
                .Append(Encoder.Encode($"Edited {RelativeTimeText.Absolute(editedAt)}")).Append("\" ").Append(CardScope).Append(">edited</span>");
        }

        return html.ToString();
    }

    private static StringBuilder Separator(StringBuilder html) =>
        html.Append("<span class=\"separator\" aria-hidden=\"true\" ").Append(CardScope).Append(">·</span>");

    private static string WriteReaderActions(long commentId, ReaderInputs inputs)
    {
        var voteHref = Encoder.Encode(SignInToVoteUrl(inputs.ThreadId, commentId));
        var html = new StringBuilder(1024);
        html.Append("<div class=\"comment-actions\" ").Append(CardScope).Append('>')
            .Append("<span class=\"votes\" role=\"group\" aria-label=\"").Append(Encoder.Encode($"Votes on {inputs.Author}'s comment"))
            .Append("\" data-testid=\"votes\" ").Append(CardScope).Append('>')
            .Append("<a class=\"vote\" href=\"").Append(voteHref).Append("\" aria-label=\"Upvote\" title=\"Sign in to vote\" data-testid=\"upvote\" ")
            .Append(CardScope).Append('>').Append(VoteArrowSprite.Arrow(VoteArrowSprite.UpId).Value).Append("</a>")
            .Append(VotesGap)
            .Append("<span class=\"score\" data-testid=\"score\" ").Append(CardScope).Append('>')
            .Append(inputs.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("</span>")
            .Append(VotesGap)
            .Append("<a class=\"vote\" href=\"").Append(voteHref).Append("\" aria-label=\"Downvote\" title=\"Sign in to vote\" data-testid=\"downvote\" ")
            .Append(CardScope).Append('>').Append(VoteArrowSprite.Arrow(VoteArrowSprite.DownId).Value).Append("</a></span>")
            .Append("<a class=\"action\" href=\"").Append(Encoder.Encode(SignInToReplyUrl(inputs.ThreadId, commentId))).Append("\" data-testid=\"sign-in-to-reply\" ")
            .Append(CardScope).Append(">Sign in to reply</a>");
        if (inputs.ContinueUrl is { } continueUrl)
        {
            html.Append("<a class=\"action continue\" href=\"").Append(Encoder.Encode(continueUrl)).Append("\" data-testid=\"continue-thread\" ")
                .Append(CardScope).Append(">Continue this thread →</a>");
        }

        return html.Append("</div>").ToString();
    }
}
