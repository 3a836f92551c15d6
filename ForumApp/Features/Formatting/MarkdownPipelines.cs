using Markdig;

namespace ForumApp.Features.Formatting;

/// <summary>The one reading of markdown: what the renderer shows and what excerpts and mentions read are parsed alike.</summary>
internal static class MarkdownPipelines
{
    /// <summary>Raw HTML is text; autolinks, emphasis extras, pipe tables and list extras are markdown.</summary>
    public static MarkdownPipelineBuilder Base() => new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseListExtras();
}
