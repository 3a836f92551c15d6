using System.Text.RegularExpressions;

namespace ForumApp.Seeding;

public sealed record SeedDocument(string Title, string Article, IReadOnlyList<SeedComment> Comments);

public sealed record SeedComment(string Body, IReadOnlyList<SeedComment> Replies);

public sealed class SeedFormatException(string message, int? lineNumber = null) : Exception(message)
{
    public int? LineNumber { get; } = lineNumber;
}

/// <summary>
/// Parses a blog article export: title, repeated heading, article, a <c>Comments</c> line,
/// then numbered comments whose replies are nested by the indentation of their number markers.
/// </summary>
public static partial class SeedParser
{
    private const string CommentsHeading = "Comments";

    // The export indents top-level comments by two spaces; a first marker indented deeper
    // can only be a reply whose parent comment is missing.
    private const int DeepestTopLevelCommentIndent = 2;

    // Buttons and widgets captured from the rendered page; they never carry content.
    private static readonly HashSet<string> _pageChromeLines = new(StringComparer.Ordinal)
    {
        "ReplyDelete",
        "Delete",
        "Replies",
        "Post a Comment",
        "Stay informed!",
    };

    public static SeedDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SeedFormatException("The seed file is empty; expected a title, an article and a 'Comments' line.");
        }

        var lines = SplitLines(text);

        var title = lines[0].Trim();
        if (title.Length == 0)
        {
            throw LineError(1, "The first line must be the title, but it is blank.");
        }

        if (IsCommentsHeading(lines[0]))
        {
            throw LineError(1, "The file has no title: it starts with the 'Comments' line.");
        }

        var commentsLineIndex = FindCommentsHeading(lines);
        if (commentsLineIndex < 0)
        {
            throw new SeedFormatException(
                "No 'Comments' line was found; the article must be followed by a line reading exactly 'Comments'.");
        }

        var articleStartIndex = SkipRepeatedTitleHeading(lines, title, commentsLineIndex);
        var article = BuildBody(
            lines.Skip(articleStartIndex).Take(commentsLineIndex - articleStartIndex).Where(line => !IsPageChrome(line)));
        if (article.Length == 0)
        {
            throw LineError(commentsLineIndex + 1, "The article is empty: no text appears between the title and the 'Comments' line.");
        }

        var comments = ParseComments(lines, commentsLineIndex + 1);
        return new SeedDocument(title, article, comments);
    }

    private static string[] SplitLines(string text)
    {
        if (text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
    }

    private static int FindCommentsHeading(string[] lines)
    {
        for (var index = 1; index < lines.Length; index++)
        {
            if (IsCommentsHeading(lines[index]))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>
    /// The export repeats the title as a heading, usually without its final period. Only a line that
    /// really is that repetition is dropped, so an article that starts straight away loses nothing.
    /// </summary>
    private static int SkipRepeatedTitleHeading(string[] lines, string title, int commentsLineIndex)
    {
        for (var index = 1; index < commentsLineIndex; index++)
        {
            if (string.IsNullOrWhiteSpace(lines[index]))
            {
                continue;
            }

            var isRepeatedTitle = string.Equals(
                TrimTrailingPunctuation(lines[index]),
                TrimTrailingPunctuation(title),
                StringComparison.Ordinal);
            return isRepeatedTitle ? index + 1 : 1;
        }

        return 1;
    }

    private static string TrimTrailingPunctuation(string value)
    {
        var end = value.Length;
        while (end > 0 && (char.IsWhiteSpace(value[end - 1]) || char.IsPunctuation(value[end - 1])))
        {
            end--;
        }

        return value[..end].Trim();
    }

    private static List<SeedComment> ParseComments(string[] lines, int firstLineIndex)
    {
        var topLevelItems = new List<ItemBuilder>();
        var openItems = new Stack<ItemBuilder>();
        var pendingBlankLines = 0;

        for (var index = firstLineIndex; index < lines.Length; index++)
        {
            var line = lines[index];
            var lineNumber = index + 1;

            if (string.IsNullOrWhiteSpace(line))
            {
                // Blank lines belong to whichever item the next text continues; before a new marker they are noise.
                pendingBlankLines++;
                continue;
            }

            if (IsPageChrome(line))
            {
                continue;
            }

            var indent = MeasureIndent(line);
            var marker = ListMarkerPattern().Match(line);
            if (marker.Success)
            {
                pendingBlankLines = 0;
                OpenItem(marker, indent, lineNumber, topLevelItems, openItems);
                continue;
            }

            var owner = openItems.Count > 0 && openItems.Peek().MarkerIndent < indent ? openItems.Peek() : null;
            if (owner is null)
            {
                throw UnattachableLineError(line, indent, lineNumber, openItems);
            }

            owner.AddContinuation(line, pendingBlankLines);
            pendingBlankLines = 0;
        }

        return topLevelItems.Select(item => item.Build()).ToList();
    }

    private static void OpenItem(
        Match marker,
        int indent,
        int lineNumber,
        List<ItemBuilder> topLevelItems,
        Stack<ItemBuilder> openItems)
    {
        while (openItems.Count > 0 && openItems.Peek().MarkerIndent >= indent)
        {
            openItems.Pop();
        }

        var number = marker.Groups["number"].Value;
        var firstLine = marker.Groups["text"].Value.Trim();

        ItemBuilder item;
        if (openItems.Count == 0)
        {
            if (topLevelItems.Count == 0 && indent > DeepestTopLevelCommentIndent)
            {
                throw LineError(
                    lineNumber,
                    $"Reply '{number}.' is indented {indent} spaces, which makes it a reply, but no comment precedes it. " +
                    $"Top-level comments are indented at most {DeepestTopLevelCommentIndent} spaces.");
            }

            item = new ItemBuilder(indent, lineNumber, $"comment {number}", firstLine);
            topLevelItems.Add(item);
        }
        else
        {
            var parent = openItems.Peek();
            item = new ItemBuilder(indent, lineNumber, $"{parent.Description}, reply {number}", firstLine);
            parent.Replies.Add(item);
        }

        openItems.Push(item);
    }

    private static SeedFormatException UnattachableLineError(string line, int indent, int lineNumber, Stack<ItemBuilder> openItems)
    {
        var excerpt = line.Trim();
        if (excerpt.Length > 40)
        {
            excerpt = excerpt[..40] + "…";
        }

        if (openItems.Count == 0)
        {
            return LineError(
                lineNumber,
                $"The text \"{excerpt}\" cannot be attached to any comment: it is not a numbered comment and no comment precedes it.");
        }

        var ancestor = openItems.FirstOrDefault(item => item.MarkerIndent < indent);
        if (ancestor is not null)
        {
            return LineError(
                lineNumber,
                $"The text \"{excerpt}\" is indented as part of {ancestor.Description} but appears after its replies; " +
                "a comment's text must come before its replies.");
        }

        return LineError(
            lineNumber,
            $"The text \"{excerpt}\" cannot be attached to any comment: it is indented {indent} spaces, " +
            "no deeper than the comment markers, and is not itself a numbered comment.");
    }

    private static bool IsCommentsHeading(string line) =>
        string.Equals(line.Trim(), CommentsHeading, StringComparison.Ordinal);

    private static bool IsPageChrome(string line) => _pageChromeLines.Contains(line.Trim());

    private static int MeasureIndent(string line)
    {
        var indent = 0;
        while (indent < line.Length && line[indent] is ' ' or '\t')
        {
            indent++;
        }

        return indent;
    }

    /// <summary>
    /// Removes the block's common indentation and surrounding blank lines while keeping every
    /// internal line break, so paragraphs survive exactly as exported.
    /// </summary>
    private static string BuildBody(IEnumerable<string> rawLines) => JoinTrimmingBlankEdges(Dedent(rawLines));

    private static List<string> Dedent(IEnumerable<string> rawLines)
    {
        var lines = rawLines.Select(line => line.TrimEnd()).ToList();
        var commonIndent = lines.Where(line => line.Length > 0).Select(MeasureIndent).DefaultIfEmpty(0).Min();
        return lines.Select(line => line.Length == 0 ? line : line[commonIndent..]).ToList();
    }

    private static string JoinTrimmingBlankEdges(List<string> lines)
    {
        var first = lines.FindIndex(line => line.Length > 0);
        if (first < 0)
        {
            return string.Empty;
        }

        var last = lines.FindLastIndex(line => line.Length > 0);
        return string.Join('\n', lines.Skip(first).Take(last - first + 1));
    }

    private static SeedFormatException LineError(int lineNumber, string message) =>
        new($"Line {lineNumber}: {message}", lineNumber);

    // "1. text" or a bare "1." at any indentation; "1.5 million" is prose, not a marker.
    [GeneratedRegex(@"^[ \t]*(?<number>\d{1,9})\.(?:[ \t]+(?<text>.*))?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ListMarkerPattern();

    private sealed class ItemBuilder(int markerIndent, int lineNumber, string description, string firstLine)
    {
        private readonly List<string> _continuationLines = [];

        public int MarkerIndent { get; } = markerIndent;

        public string Description { get; } = description;

        public List<ItemBuilder> Replies { get; } = [];

        public void AddContinuation(string line, int precedingBlankLines)
        {
            for (var blank = 0; blank < precedingBlankLines; blank++)
            {
                _continuationLines.Add(string.Empty);
            }

            _continuationLines.Add(line);
        }

        public SeedComment Build()
        {
            // The marker line's text is already free of indentation, so only the continuation block is dedented.
            var body = JoinTrimmingBlankEdges([firstLine, .. Dedent(_continuationLines)]);
            if (body.Length == 0)
            {
                throw LineError(lineNumber, $"The numbered item for {Description} has no text.");
            }

            return new SeedComment(body, Replies.Select(reply => reply.Build()).ToList());
        }
    }
}
