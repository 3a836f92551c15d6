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

namespace ForumApp.Tests;

/// <summary>
/// The services as the container wires them, for tests that build them by hand on a test database: each
/// service takes its collaborators (guard, writer, event reader) through its constructor, as in the app.
/// </summary>
internal static class ServiceGraph
{
    public static ForumEventBus Bus(params IForumEventSink[] sinks) =>
        new(new LocalEventDelivery(sinks, new DeliveredSequences(), NullLogger<LocalEventDelivery>.Instance), [], NullLogger<ForumEventBus>.Instance);

    public static ThreadService Threads(IDbContextFactory<ForumDbContext> db, BodyRenderer renderer, PostingLimits limits, TimeProvider clock) =>
        new(db, renderer, limits, new ForumGuard(clock), new ThreadEventReader(db));

    public static CommentService Comments(
        IDbContextFactory<ForumDbContext> db, BodyRenderer renderer, PostingLimits limits, IOptions<CommentEditOptions> editOptions,
        ForumEventBus bus, TimeProvider clock) =>
        new(db, renderer, limits, editOptions, Writer(db, limits, bus, clock), new ForumGuard(clock), bus);

    public static CommentWriter Writer(IDbContextFactory<ForumDbContext> db, PostingLimits limits, ForumEventBus bus, TimeProvider clock) =>
        new(db, limits, bus, clock, NullLogger<CommentWriter>.Instance);

    public static ReportService Reports(IDbContextFactory<ForumDbContext> db, ForumEventBus bus, TimeProvider clock) =>
        new(db, new ForumGuard(clock), new ReportLimits(Options.Create(new AccountOptions { ReportsPerHourPerAddress = 10_000 })), bus);
}
