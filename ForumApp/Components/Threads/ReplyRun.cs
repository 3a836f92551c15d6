using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace ForumApp.Components.Threads;

/// <summary>
/// A run of <see cref="Size"/> of a card's replies, after its first <see cref="Size"/>, which the card draws itself.
/// A card that draws again (a new reply, its count) hands each run its list of replies; a run draws again only when
/// its own members changed, so a new last reply costs the frames of one run, not one frame per reply of its parent
/// on every open page. No element of its own: the page stays a flat run of cards.
/// </summary>
/// <remarks>
/// Runs are cut by position, so a card moves to another run (and is made anew) only when a reply before it leaves or
/// comes in between. Live changes never do that: a new reply is its parent's last, and a removed one stays as a line.
/// </remarks>
public sealed class ReplyRun : IComponent
{
    /// <summary>How many replies a card draws itself, and how many each run after them draws.</summary>
    public const int Size = 16;

    // Boxed once: a card hands its runs their places at every draw.
    private static readonly object[] BoxedStarts = Enumerable.Range(0, 64).Select(run => (object)(run * Size)).ToArray();

    private readonly ConversationLayout.Card[] _drawn = new ConversationLayout.Card[Size];
    private readonly RenderFragment _draw;
    private RenderHandle _handle;
    private int _drawnCount = -1;

    public ReplyRun() => _draw = Draw;

    /// <summary>All the parent's replies, as its card draws them.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<ConversationLayout.Card> Replies { get; set; } = [];

    /// <summary>Where in <see cref="Replies"/> this run starts.</summary>
    [Parameter, EditorRequired] public int Start { get; set; }

    /// <summary>What a card draws for its replies: the first <see cref="Size"/> itself, then one run per <see cref="Size"/> more.</summary>
    public static void DrawReplies(RenderTreeBuilder builder, IReadOnlyList<ConversationLayout.Card> replies)
    {
        // By index: a foreach over the list's interface makes an enumerator at every draw of every parent card.
        var own = Math.Min(replies.Count, Size);
        for (var i = 0; i < own; i++)
        {
            ConversationCard.DrawCard(builder, replies[i]);
        }

        for (var start = Size; start < replies.Count; start += Size)
        {
            builder.OpenComponent<ReplyRun>(2000);
            builder.AddComponentParameter(2001, nameof(Replies), replies);
            builder.AddComponentParameter(2002, nameof(Start), start / Size < BoxedStarts.Length ? BoxedStarts[start / Size] : start);
            builder.CloseComponent();
        }
    }

    public void Attach(RenderHandle renderHandle) => _handle = renderHandle;

    public Task SetParametersAsync(ParameterView parameters)
    {
        foreach (var parameter in parameters)
        {
            switch (parameter.Name)
            {
                case nameof(Replies):
                    Replies = (IReadOnlyList<ConversationLayout.Card>)parameter.Value;
                    break;
                case nameof(Start):
                    Start = (int)parameter.Value;
                    break;
            }
        }

        if (TakeMembers())
        {
            _handle.Render(_draw);
        }

        return Task.CompletedTask;
    }

    /// <summary>Keeps this run's members from <see cref="Replies"/>; true when they are not the ones drawn last.</summary>
    private bool TakeMembers()
    {
        var count = Math.Clamp(Replies.Count - Start, 0, Size);
        var changed = count != _drawnCount;
        for (var i = 0; i < count; i++)
        {
            var card = Replies[Start + i];
            changed |= !ReferenceEquals(card, _drawn[i]);
            _drawn[i] = card;
        }

        Array.Clear(_drawn, count, Size - count);
        _drawnCount = count;
        return changed;
    }

    private void Draw(RenderTreeBuilder builder)
    {
        for (var i = 0; i < _drawnCount; i++)
        {
            ConversationCard.DrawCard(builder, _drawn[i]);
        }
    }
}
