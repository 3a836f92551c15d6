using ForumApp.Features.Threads;

namespace ForumApp.Tests.Realtime;

/// <summary>
/// "X is replying…" ends when X stops (posts, closes the editor, leaves), not only when it expires. The clock
/// never moves here, so nothing can expire on its own.
/// </summary>
public sealed class TypingStopTests : IAsyncLifetime
{
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private TestForum _forum = null!;

    public async Task InitializeAsync() => _forum = await TestForum.CreateEmptyAsync(_clock);

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    [Fact]
    public async Task StoppingEndsTheMembersReplyingAtOnceAndLeavesOthersReplying()
    {
        var writer = await _forum.AddMemberAsync("Stopping writer");
        var other = await _forum.AddMemberAsync("Other writer");
        var thread = await _forum.StartThreadAsync(writer);
        var typing = new TypingService(_forum.DbFactory, _forum.Guard, _forum.Presence);
        Assert.True((await typing.MarkReplyingAsync(writer.Principal, thread.Id)).Value);
        Assert.True((await typing.MarkReplyingAsync(other.Principal, thread.Id)).Value);
        Assert.Equal(["Other writer", "Stopping writer"], _forum.Presence.Current(thread.Id).Replying);

        await typing.StopReplyingAsync(writer.Principal, thread.Id);

        Assert.Equal(["Other writer"], _forum.Presence.Current(thread.Id).Replying);
    }

    [Fact]
    public async Task StoppingWithoutAMemberChangesNothing()
    {
        var writer = await _forum.AddMemberAsync("Still writing");
        var thread = await _forum.StartThreadAsync(writer);
        var typing = new TypingService(_forum.DbFactory, _forum.Guard, _forum.Presence);
        await typing.MarkReplyingAsync(writer.Principal, thread.Id);

        await typing.StopReplyingAsync(null, thread.Id);

        Assert.Equal(["Still writing"], _forum.Presence.Current(thread.Id).Replying);
    }
}
