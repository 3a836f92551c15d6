using System.Net;
using ForumApp.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ForumApp.Tests.Moderation;

/// <summary>Who acts, relative to the row's target comment (written by <see cref="Author"/>).</summary>
public enum Actor
{
    Anonymous,

    /// <summary>A member with no part in the row's thread.</summary>
    Member,

    /// <summary>Wrote the target comment.</summary>
    Author,

    /// <summary>Started the thread and wrote the comment the target replies to, but not the target itself.</summary>
    OtherMember,

    /// <summary>Banned; in their rows they wrote the target comment themselves, so only the ban can refuse them.</summary>
    SuspendedMember,

    Moderator,
    Admin,
}

/// <summary>Every action that changes the forum, the moderators' reads that show removed words, and the public reads of search and profiles.</summary>
public enum Act
{
    PostComment,
    EditComment,
    DeleteComment,
    CreateThread,
    ReportComment,
    VoteComment,
    RemoveComment,
    RestoreComment,
    LockThread,
    UnlockThread,
    RemoveThread,
    RestoreThread,
    EditThread,
    SuspendMember,
    BanMember,
    UnsuspendMember,
    ResolveReportByRemoving,
    ResolveReportByDismissing,
    GrantModerator,
    RevokeModerator,
    ListReports,
    ReadLog,
    ReadRemovedComment,
    Search,
    ReadProfile,
    ReadProfileComments,
    PinThread,
    UnpinThread,
    MarkRead,
}

public enum Outcome
{
    Allowed,
    Unauthenticated,
    Forbidden,
}

/// <summary>The app with one account per <see cref="Actor"/>; the suspended one is banned through the API.</summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    public ModerationForum Forum { get; } = new();

    public IReadOnlyDictionary<Actor, ApiMember?> Accounts { get; private set; } = null!;

    public long ModeratorRoleId { get; private set; }

    public async Task InitializeAsync()
    {
        await Forum.InitializeAsync();
        var suspended = await Forum.RegisterAsync("suspended");
        (await Forum.PostAsync($"/api/moderation/users/{suspended.Id}/suspend", Forum.Moderator, new { until = (DateTime?)null, reason = "Banned for the matrix", removeComments = "none" }))
            .Expect(HttpStatusCode.NoContent);
        Accounts = new Dictionary<Actor, ApiMember?>
        {
            [Actor.Anonymous] = null,
            [Actor.Member] = await Forum.RegisterAsync("member"),
            [Actor.Author] = await Forum.RegisterAsync("author"),
            [Actor.OtherMember] = await Forum.RegisterAsync("other"),
            [Actor.SuspendedMember] = suspended,
            [Actor.Moderator] = Forum.Moderator,
            [Actor.Admin] = Forum.Admin,
        };
        ModeratorRoleId = await Forum.ReadAsync(db => db.Roles.Where(r => r.Name == ForumRoles.Moderator).Select(r => r.Id).SingleAsync());
    }

    public Task DisposeAsync() => Forum.DisposeAsync();
}

[CollectionDefinition(AuthorizationMatrix.Collection)]
public sealed class AuthorizationMatrixCollection : ICollectionFixture<AuthorizationMatrixFixture>;

/// <summary>Who may do what: the expected outcome of every act for every actor, the same at every entry point.</summary>
public static class AuthorizationMatrix
{
    public const string Collection = "Authorization matrix";

    // One row per act; the columns follow the order of Actor.
    public static readonly (Act Act, string Outcomes)[] Expected =
    [
        //                                     anonymous  member  author  other  suspended  moderator  admin
        (Act.PostComment,                     "401        ok      ok      ok     403        ok         ok"),
        (Act.EditComment,                     "401        403     ok      403    403        403        403"),
        (Act.DeleteComment,                   "401        403     ok      403    403        403        403"),
        (Act.CreateThread,                    "401        ok      ok      ok     403        ok         ok"),
        (Act.ReportComment,                   "401        ok      ok      ok     403        ok         ok"),
        (Act.VoteComment,                     "401        ok      403     ok     403        ok         ok"),
        (Act.RemoveComment,                   "401        403     403     403    403        ok         ok"),
        (Act.RestoreComment,                  "401        403     403     403    403        ok         ok"),
        (Act.LockThread,                      "401        403     403     403    403        ok         ok"),
        (Act.UnlockThread,                    "401        403     403     403    403        ok         ok"),
        (Act.RemoveThread,                    "401        403     403     403    403        ok         ok"),
        (Act.RestoreThread,                   "401        403     403     403    403        ok         ok"),
        (Act.EditThread,                      "401        403     403     403    403        ok         ok"),
        (Act.SuspendMember,                   "401        403     403     403    403        ok         ok"),
        (Act.BanMember,                       "401        403     403     403    403        ok         ok"),
        (Act.UnsuspendMember,                 "401        403     403     403    403        ok         ok"),
        (Act.ResolveReportByRemoving,         "401        403     403     403    403        ok         ok"),
        (Act.ResolveReportByDismissing,       "401        403     403     403    403        ok         ok"),
        (Act.GrantModerator,                  "401        403     403     403    403        403        ok"),
        (Act.RevokeModerator,                 "401        403     403     403    403        403        ok"),
        (Act.ListReports,                     "401        403     403     403    403        ok         ok"),
        (Act.ReadLog,                         "401        403     403     403    403        ok         ok"),
        (Act.ReadRemovedComment,              "401        403     403     403    403        ok         ok"),
        (Act.Search,                          "ok         ok      ok      ok     ok         ok         ok"),
        (Act.ReadProfile,                     "ok         ok      ok      ok     ok         ok         ok"),
        (Act.ReadProfileComments,             "ok         ok      ok      ok     ok         ok         ok"),
        (Act.PinThread,                       "401        403     403     403    403        ok         ok"),
        (Act.UnpinThread,                     "401        403     403     403    403        ok         ok"),
        // Reading is not writing: a suspended member's reading is recorded too.
        (Act.MarkRead,                        "401        ok      ok      ok     ok         ok         ok"),
    ];

    public static TheoryData<Act, Actor, Outcome> Matrix()
    {
        var rows = new TheoryData<Act, Actor, Outcome>();
        foreach (var (act, outcomes) in Expected)
        {
            var perActor = outcomes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Enum.GetValues<Actor>().Length, perActor.Length);
            foreach (var actor in Enum.GetValues<Actor>())
            {
                rows.Add(act, actor, perActor[(int)actor] switch
                {
                    "ok" => Outcome.Allowed,
                    "401" => Outcome.Unauthenticated,
                    "403" => Outcome.Forbidden,
                    var other => throw new InvalidOperationException($"Unknown outcome '{other}' for {act}."),
                });
            }
        }

        return rows;
    }

    public static TheoryData<Actor, Outcome> Posting()
    {
        var rows = new TheoryData<Actor, Outcome>();
        foreach (var row in Matrix().Where(r => (Act)r[0] == Act.PostComment))
        {
            rows.Add((Actor)row[1], (Outcome)row[2]);
        }

        return rows;
    }
}

public sealed class AuthorizationMatrixTableTests
{
    [Fact]
    public void EveryActHasARowForEveryActor()
    {
        Assert.Equal(Enum.GetValues<Act>(), AuthorizationMatrix.Expected.Select(row => row.Act));
    }
}
