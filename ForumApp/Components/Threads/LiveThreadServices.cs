using ForumApp.Data;
using ForumApp.Features.Moderation;
using ForumApp.Features.Threads;
using ForumApp.Features.Votes;
using ForumApp.Realtime;

namespace ForumApp.Components.Threads;

/// <summary>What a live thread view runs on, gathered so the page hands it over in one piece.</summary>
public sealed record LiveThreadServices(
    ThreadService Threads,
    CommentModerationService Moderation,
    TypingService Typing,
    ForumEventBus Bus,
    PresenceTracker Presence,
    CircuitPresence CircuitPresence,
    TimeProvider Clock,
    DatabaseAvailability Availability,
    VoteService? Votes = null,
    DeliveredSequences? Delivered = null);
