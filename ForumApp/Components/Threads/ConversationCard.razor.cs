using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace ForumApp.Components.Threads;

public partial class ConversationCard
{
    private Func<Task>? _showMoreReplies;
    private bool _started;

    /// <summary>The comment's id.</summary>
    [Parameter, EditorRequired] public long Id { get; set; }

    /// <summary>
    /// The conversation the card belongs to, handed down as a plain parameter: a cascading one would have the
    /// renderer walk every ancestor of every new card on every open page.
    /// </summary>
    [Parameter, EditorRequired] public ConversationView Conversation { get; set; } = default!;

    /// <summary>What <c>&lt;ConversationCard @key Id Conversation /&gt;</c> compiles to, with the card's boxed id instead of a new box per draw.</summary>
    /// <remarks>Sequence numbers far above the markup's own, so the renderer never pairs these frames with another kind.</remarks>
    public static void DrawCard(RenderTreeBuilder builder, ConversationLayout.Card card, ConversationView conversation)
    {
        builder.OpenComponent<ConversationCard>(1000);
        builder.AddComponentParameter(1001, nameof(Id), card.Key);
        builder.AddComponentParameter(1002, nameof(Conversation), conversation);
        builder.SetKey(card.Key);
        builder.CloseComponent();
    }

    // A parent that draws hands its replies' cards the same id and conversation again (the renderer cannot tell a
    // component reference is unchanged): nothing to take then, and the conversation says when a card must draw.
    public override Task SetParametersAsync(ParameterView parameters)
    {
        if (_started
            && parameters.TryGetValue<long>(nameof(Id), out var id) && id == Id
            && parameters.TryGetValue<ConversationView>(nameof(Conversation), out var conversation) && ReferenceEquals(conversation, Conversation))
        {
            return Task.CompletedTask;
        }

        _started = true;
        return base.SetParametersAsync(parameters);
    }

    /// <summary>Draws again: the conversation found this card's row or its replies changed.</summary>
    public void Redraw()
    {
        TakeRow();
        StateHasChanged();
    }

    protected override void OnParametersSet()
    {
        TakeRow();
        base.OnParametersSet();
    }

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
        Handlers = Conversation.Context.Handlers;
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
        PermalinkUrl = row.PermalinkUrl;
        ContinueUrl = row.ContinueUrl;
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
