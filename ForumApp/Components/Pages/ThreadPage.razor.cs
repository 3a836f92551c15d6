using ForumApp.Features.Threads;
using Microsoft.AspNetCore.Components;

namespace ForumApp.Components.Pages;

public sealed partial class ThreadPage
{
    private ThreadDetail? _thread;
    private long? _loadedId;

    [Inject]
    private ThreadService Threads { get; set; } = default!;

    [Parameter]
    public long Id { get; set; }

    /// <summary>Only for readable links; the id alone decides which thread is shown.</summary>
    [Parameter]
    public string? Slug { get; set; }

    private bool IsLoaded => _loadedId == Id;

    // Tombstones stay in the tree to hold their replies, but are not counted, as in the thread list.
    private int VisibleCommentCount => _thread?.Comments.Count(c => !c.Deleted) ?? 0;

    // The thread is read again when the circuit starts rather than carried over from prerendering:
    // persisted component state would embed the whole thread in the page a second time and send it
    // back up the circuit, which outgrows the hub's message limit on long threads.
    protected override async Task OnParametersSetAsync()
    {
        if (IsLoaded)
        {
            return;
        }

        var id = Id;
        var thread = await Threads.GetAsync(id, CommentPage.Everything);
        if (id != Id)
        {
            // The reader moved on to another thread while this one loaded.
            return;
        }

        _thread = thread;
        _loadedId = id;
    }
}
