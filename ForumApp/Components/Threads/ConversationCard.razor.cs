using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace ForumApp.Components.Threads;

public partial class ConversationCard
{
    // The renderer takes parameters as objects: the flags and small numbers every card hands on are boxed once here,
    // not at each draw of each card on each open page.
    private static readonly object True = true;
    private static readonly object False = false;
    private static readonly object[] SmallNumbers = Enumerable.Range(0, 64).Select(number => (object)number).ToArray();

    private Func<Task>? _showMoreReplies;

    /// <summary>The comment's id.</summary>
    [Parameter, EditorRequired] public long Id { get; set; }

    [CascadingParameter] private ConversationView? Conversation { get; set; }

    /// <summary>What <c>&lt;ConversationCard @key Id /&gt;</c> compiles to, with the card's boxed id instead of a new box per draw.</summary>
    /// <remarks>Sequence numbers far above the markup's own, so the renderer never pairs these frames with another kind.</remarks>
    public static void DrawCard(RenderTreeBuilder builder, ConversationLayout.Card card)
    {
        builder.OpenComponent<ConversationCard>(1000);
        builder.AddComponentParameter(1001, nameof(Id), card.Key);
        builder.SetKey(card.Key);
        builder.CloseComponent();
    }

    /// <summary>Draws again: the conversation found this card's row or its replies changed.</summary>
    public void Redraw() => StateHasChanged();

    private Func<Task> ShowMoreReplies => _showMoreReplies ??= () => Conversation?.Context.OnMoreReplies.InvokeAsync(Id) ?? Task.CompletedTask;

    private static object Boxed(bool value) => value ? True : False;

    private static object Boxed(int value) => value >= 0 && value < SmallNumbers.Length ? SmallNumbers[value] : value;

    private static void DrawComment(RenderTreeBuilder builder, ConversationContext.CardRow card, ConversationContext.SharedInputs shared)
    {
        var row = card.Row;
        var comment = row.Comment;
        builder.OpenComponent<CommentCard>(2000);
        builder.AddComponentParameter(2001, nameof(CommentCard.Comment), comment);
        builder.AddComponentParameter(2002, nameof(CommentCard.IndentLevels), Boxed(Math.Min(comment.Depth - shared.RootDepth, ConversationContext.MaxIndentLevels)));
        builder.AddComponentParameter(2003, nameof(CommentCard.StartsConversation), Boxed(row.StartsConversation));
        builder.AddComponentParameter(2004, nameof(CommentCard.EndsConversation), Boxed(row.EndsConversation));
        builder.AddComponentParameter(2005, nameof(CommentCard.HasVisibleReplies), Boxed(row.HasVisibleReplies));
        builder.AddComponentParameter(2006, nameof(CommentCard.Viewer), shared.Viewer);
        builder.AddComponentParameter(2007, nameof(CommentCard.Collapsed), Boxed(row.Collapsed));
        builder.AddComponentParameter(2008, nameof(CommentCard.HiddenReplies), Boxed(row.HiddenReplies));
        builder.AddComponentParameter(2009, nameof(CommentCard.Fresh), Boxed(card.Fresh));
        builder.AddComponentParameter(2010, nameof(CommentCard.New), Boxed(card.New));
        builder.AddComponentParameter(2011, nameof(CommentCard.Highlighted), Boxed(card.Highlighted));
        builder.AddComponentParameter(2012, nameof(CommentCard.EditorOpen), Boxed(card.EditorOpen));
        builder.AddComponentParameter(2013, nameof(CommentCard.Editing), Boxed(card.Editing));
        builder.AddComponentParameter(2014, nameof(CommentCard.RemovedText), card.RemovedText);
        builder.AddComponentParameter(2015, nameof(CommentCard.PermalinkUrl), card.PermalinkUrl);
        builder.AddComponentParameter(2016, nameof(CommentCard.ContinueUrl), card.ContinueUrl);
        builder.CloseComponent();
    }

    public void Dispose()
    {
        if (Conversation?.Layout.CardOf(Id) is { } card && ReferenceEquals(card.Drawer, this))
        {
            card.Drawer = null;
        }
    }
}
