using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace ForumApp.Components.Threads;

public partial class ConversationCard
{
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
    public void Redraw()
    {
        TakeRow();
        StateHasChanged();
    }

    // Not the comment card's own: it keeps a record of its inputs to compare when a parent hands new ones, and this
    // card is told when to draw instead (one record per new card per open page, never read).
    protected override void OnParametersSet() => TakeRow();

    // Asked only at its start, when told to draw, and after its own buttons: each time there is something to draw.
    protected override bool ShouldRender() => true;

    /// <summary>The comment card's inputs, from the row the conversation laid out for this comment.</summary>
    private void TakeRow()
    {
        if (Conversation?.Layout.CardOf(Id) is not { } card)
        {
            return;
        }

        var shared = Conversation.Context.Shared;
        var row = card.Row;
        Comment = row.Row.Comment;
        IndentLevels = Math.Min(Comment.Depth - shared.RootDepth, ConversationContext.MaxIndentLevels);
        StartsConversation = row.Row.StartsConversation;
        EndsConversation = row.Row.EndsConversation;
        HasVisibleReplies = row.Row.HasVisibleReplies;
        Viewer = shared.Viewer;
        Collapsed = row.Row.Collapsed;
        HiddenReplies = row.Row.HiddenReplies;
        Fresh = row.Fresh;
        New = row.New;
        Highlighted = row.Highlighted;
        EditorOpen = row.EditorOpen;
        Editing = row.Editing;
        RemovedText = row.RemovedText;
        PermalinkUrl = Conversation.Context.PermalinkOf?.Invoke(Comment.Id);
        ContinueUrl = row.Row.ContinuesElsewhere ? PermalinkUrl : null;
    }

    private Func<Task> ShowMoreReplies => _showMoreReplies ??= () => Conversation?.Context.OnMoreReplies.InvokeAsync(Id) ?? Task.CompletedTask;

    public void Dispose()
    {
        if (Conversation?.Layout.CardOf(Id) is { } card && ReferenceEquals(card.Drawer, this))
        {
            card.Drawer = null;
        }
    }
}
