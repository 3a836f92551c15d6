using Microsoft.AspNetCore.SignalR;

namespace ForumApp.Benchmarking;

/// <summary>
/// A hub with no logic at all: the benchmark's yardstick for what SignalR alone costs on this machine.
/// Clients only listen; <see cref="BaselineSetup"/> broadcasts to them.
/// </summary>
public sealed class BaselineHub : Hub
{
    public const string Path = "/hubs/baseline";
}
