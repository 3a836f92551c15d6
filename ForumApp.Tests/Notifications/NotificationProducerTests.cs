using ForumApp.Data;
using ForumApp.Features.Notifications;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.EntityFrameworkCore;
using static ForumApp.Tests.TestInfrastructure.TestForum;

namespace ForumApp.Tests.Notifications;

/// <summary>The producer reads the event log from stored cursors: restarts lose nothing, and rereading doubles nothing.</summary>
public sealed class NotificationProducerTests : IAsyncLifetime
{
    private TestForum _forum = null!;

    public async Task InitializeAsync() => _forum = await CreateEmptyAsync();

    public async Task DisposeAsync() => await _forum.DisposeAsync();

    [Fact]
    public async Task RestartedProducerResumesWithoutLosingOrDoubling()
    {
        var ann = await _forum.AddMemberAsync();
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(ann, thread, "Ask me anything.");
        await ReplyAsync(comment, 3);

        using (var first = _forum.NewNotificationProducer())
        {
            await first.ProduceAsync();
        }

        Assert.Equal(3, await CountAsync(ann));

        // Written while no producer runs (the instance is down): the next one finds them in the log.
        await ReplyAsync(comment, 2);
        using var restarted = _forum.NewNotificationProducer();
        await restarted.ProduceAsync();

        Assert.Equal(5, await CountAsync(ann));
        Assert.Equal(0, await restarted.ProduceAsync());
    }

    [Fact]
    public async Task RereadingTheLogDoublesNothing()
    {
        var ann = await _forum.AddMemberAsync();
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(ann, thread, "Ask me anything.");
        await ReplyAsync(comment, 4);
        using var producer = _forum.NewNotificationProducer();
        await producer.ProduceAsync();

        // As if another instance still had an older cursor, or a crash lost it: the same events are read again.
        await using (var db = await _forum.DbFactory.CreateDbContextAsync())
        {
            await db.NotificationCursors.ExecuteDeleteAsync();
        }

        Assert.True(await producer.ProduceAsync() > 0, "the log was read again");
        Assert.Equal(4, await CountAsync(ann));
    }

    [Fact]
    public async Task TwoProducersAtOnceStoreEachNotificationOnce()
    {
        var ann = await _forum.AddMemberAsync();
        var thread = await _forum.AddThreadAsync();
        var comment = await _forum.PostAsync(ann, thread, "Ask me anything.");
        await ReplyAsync(comment, 6);
        using var one = _forum.NewNotificationProducer();
        using var two = _forum.NewNotificationProducer();

        await Task.WhenAll(Drain(one), Drain(two));

        Assert.Equal(6, await CountAsync(ann));
    }

    private static async Task Drain(NotificationProducer producer)
    {
        while (await producer.ProduceAsync() > 0)
        {
        }
    }

    private async Task ReplyAsync(ForumApp.Realtime.CommentView parent, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _forum.PostAsync(await _forum.AddMemberAsync(), parent.ThreadId, $"Reply {i}.", parent.Id);
        }
    }

    private async Task<int> CountAsync(TestMember member)
    {
        await using var db = await _forum.DbFactory.CreateDbContextAsync();
        return await db.Notifications.CountAsync(n => n.RecipientId == member.Id && n.Kind == NotificationKind.Reply);
    }
}
