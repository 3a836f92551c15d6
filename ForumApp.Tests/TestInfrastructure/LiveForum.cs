using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// The app on a real Kestrel socket (port 0), for clients that need real WebSockets, with the
/// real-time loops made fast and the posting limits out of the way.
/// </summary>
public static class LiveForum
{
    /// <summary>Presence flushes, watcher checks and "replying" expiry short enough for a test to wait on.</summary>
    public static ForumAppFactory WithFastRealtime(this ForumAppFactory app) => app
        .WithSetting("Forum:Presence:FlushEvery", "00:00:00.200")
        .WithSetting("Forum:Presence:ReplyingFor", "00:00:01")
        .WithSetting("Forum:SequenceWatcher:CheckEvery", "00:00:00.500");

    /// <summary>Tests post, register and log in far more often than a person would.</summary>
    public static ForumAppFactory WithHighLimits(this ForumAppFactory app) => app
        .WithSetting("Forum:RateLimits:CommentsPerMinute", "10000")
        .WithSetting("Forum:RateLimits:NewAccountCommentsPerMinute", "10000")
        .WithSetting("Forum:RateLimits:ThreadsPerHour", "10000")
        .WithSetting("Forum:RegistrationsPerHourPerAddress", "10000")
        .WithSetting("Forum:LoginsPerMinutePerAddress", "10000")
        .WithSetting("Forum:ReportsPerHourPerAddress", "10000")
        .WithSetting("Forum:HubConnectionsPerAddress", "10000");

    /// <summary>Starts the app on Kestrel at a port the OS picks and returns the address it listens on.</summary>
    public static Uri StartOnKestrel(this ForumAppFactory app)
    {
        app.UseKestrel(0);
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address after starting.");
        return new Uri(address);
    }
}
