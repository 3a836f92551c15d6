using System.Net;
using ForumApp.Data;
using ForumApp.Tests.Moderation;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Notifications;

/// <summary>
/// The notification routes in the authorization matrix: anyone signed in (a banned member too, who may still
/// read) reaches their own notifications and only those; anonymous callers get 401 and change nothing.
/// </summary>
[Collection(AuthorizationMatrix.Collection)]
public sealed class NotificationAuthorizationTests(AuthorizationMatrixFixture fixture)
{
    private ModerationForum Forum => fixture.Forum;

    public static TheoryData<Actor> Actors => new(Enum.GetValues<Actor>());

    [Theory]
    [MemberData(nameof(Actors))]
    public async Task EachActorReachesOnlyTheirOwnNotifications(Actor actor)
    {
        var account = fixture.Accounts[actor];
        var (strangerId, _) = await Forum.AddMemberAsync();
        var strangers = await PlantAsync(strangerId);
        var own = account is null ? (long?)null : await PlantAsync(account.Id);

        var list = await Forum.GetAsync("/api/notifications?limit=100", account);
        var count = await Forum.GetAsync("/api/notifications/unread-count", account);
        var read = await Forum.PostAsync("/api/notifications/read", account, new { ids = new[] { strangers } });

        if (account is null)
        {
            list.Expect(HttpStatusCode.Unauthorized);
            count.Expect(HttpStatusCode.Unauthorized);
            read.Expect(HttpStatusCode.Unauthorized);
        }
        else
        {
            list.Expect(HttpStatusCode.OK);
            var ids = list.Json.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetInt64()).ToList();
            Assert.Contains(own!.Value, ids);
            Assert.DoesNotContain(strangers, ids);
            count.Expect(HttpStatusCode.OK);
            Assert.Equal(await UnreadOfAsync(account.Id), count.Json.GetProperty("count").GetInt32());
            read.Expect(HttpStatusCode.NoContent);
        }

        Assert.False(await Forum.ReadAsync(db => db.Notifications.Where(n => n.Id == strangers).Select(n => n.Read).SingleAsync()),
            $"{actor} marked another member's notification read");
    }

    private async Task<long> PlantAsync(long recipientId)
    {
        var notification = new Notification
        {
            RecipientId = recipientId,
            Kind = NotificationKind.Suspended,
            At = DateTime.UtcNow,
            Reason = "Planted by the matrix.",
        };
        await Forum.WriteAsync(async db =>
        {
            db.Notifications.Add(notification);
            await db.SaveChangesAsync();
        });
        return notification.Id;
    }

    private Task<int> UnreadOfAsync(long memberId) =>
        Forum.ReadAsync(db => db.Notifications.CountAsync(n => n.RecipientId == memberId && !n.Read));
}
