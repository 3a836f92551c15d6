using ForumApp.Data;
using ForumApp.Features.Accounts;
using ForumApp.Features.Authorization;
using ForumApp.Features.Comments;
using ForumApp.Features.Formatting;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using ForumApp.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// The services as the container wires them, for tests that build them by hand on a test database: each
/// service takes its collaborators (guard, writer, event reader) through its constructor, as in the app.
/// The one place a test builds a service itself; <see cref="TestForum"/> builds its whole forum from here.
/// </summary>
internal static class ServiceGraph
{
    public static ForumEventBus Bus(params IForumEventSink[] sinks) =>
        new(new LocalEventDelivery(sinks, new DeliveredSequences(), NullLogger<LocalEventDelivery>.Instance), [], NullLogger<ForumEventBus>.Instance);

    public static BodyRenderer Renderer(MarkdownRenderer? markdown = null) => new(markdown ?? new MarkdownRenderer());

    /// <summary>Posting limits; the caller disposes them.</summary>
    public static PostingLimits Limits(PostingLimitOptions? options = null) => new(Options.Create(options ?? new PostingLimitOptions()));

    public static ThreadService Threads(IDbContextFactory<ForumDbContext> db, BodyRenderer renderer, PostingLimits limits, TimeProvider clock, ForumEventBus? bus = null) =>
        new(db, renderer, limits, new ForumGuard(clock), new ThreadEventReader(db), bus ?? Bus());

    public static CommentService Comments(
        IDbContextFactory<ForumDbContext> db, BodyRenderer renderer, PostingLimits limits, ForumEventBus bus, TimeProvider clock,
        CommentWriter? writer = null) =>
        new(db, renderer, limits, Options.Create(new CommentEditOptions()), writer ?? Writer(db, limits, bus, clock), new ForumGuard(clock), bus,
            new Features.Notifications.MentionResolver(db));

    public static CommentWriter Writer(IDbContextFactory<ForumDbContext> db, PostingLimits limits, ForumEventBus bus, TimeProvider clock) =>
        new(db, limits, bus, clock, NullLogger<CommentWriter>.Instance);

    public static ReportService Reports(IDbContextFactory<ForumDbContext> db, ForumEventBus bus, TimeProvider clock) =>
        new(db, new ForumGuard(clock), new ReportLimits(Options.Create(new AccountOptions { ReportsPerHourPerAddress = 10_000 })), bus);

    public static CommentModerationService CommentModeration(IDbContextFactory<ForumDbContext> db, ForumGuard guard, ForumEventBus bus) =>
        new(db, guard, bus);

    public static ThreadModerationService ThreadModeration(
        IDbContextFactory<ForumDbContext> db, BodyRenderer renderer, ForumGuard guard, ForumEventBus bus) =>
        new(db, renderer, guard, bus);

    public static MemberModerationService MemberModeration(IDbContextFactory<ForumDbContext> db, ForumGuard guard, ForumEventBus bus) =>
        new(db, guard, bus);

    public static Features.Notifications.NotificationService Notifications(IDbContextFactory<ForumDbContext> db, ForumEventBus bus, TimeProvider clock) =>
        new(db, bus, clock);

    /// <summary>A notification producer that runs only when a test calls <c>ProduceAsync</c> (no background loop is started).</summary>
    public static Features.Notifications.NotificationProducer NotificationProducer(IDbContextFactory<ForumDbContext> db, ForumEventBus bus, TimeProvider clock) =>
        new(db, bus, Options.Create(new Features.Notifications.NotificationOptions()), clock, NullLogger<Features.Notifications.NotificationProducer>.Instance);
    public static ReadMarkService Reading(IDbContextFactory<ForumDbContext> db, TimeProvider clock) => new(db, clock);

    public static RoleService Roles(IDbContextFactory<ForumDbContext> db, ForumGuard guard) => new(db, guard);

    public static ModerationLog ModerationLog(IDbContextFactory<ForumDbContext> db, ForumGuard guard) => new(db, guard);

    public static PresenceTracker Presence(TimeProvider clock) =>
        new(new RealtimeInstance(), clock, Options.Create(new PresenceOptions()));

    public static TypingService Typing(IDbContextFactory<ForumDbContext> db, ForumGuard guard, PresenceTracker presence) =>
        new(db, guard, presence);

    /// <summary>A short probe timeout, so tests that lock the database hear it is unavailable quickly.</summary>
    public static DatabaseAvailability Availability(IDbContextFactory<ForumDbContext> db) =>
        new(db, Options.Create(new DatabaseOptions { ProbeBusyTimeoutMilliseconds = 200 }), NullLogger<DatabaseAvailability>.Instance);
}
