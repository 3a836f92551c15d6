using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ForumApp.Web;

/// <summary>
/// The client address of an interactive page, for per-address limits. Components have no HttpContext;
/// the circuit's own connection request is the one moment it is there, so it is read when the circuit
/// opens and again whenever the browser reconnects. One per circuit.
/// </summary>
public sealed class CircuitClientAddress(IHttpContextAccessor httpContextAccessor) : CircuitHandler
{
    public IPAddress? Address { get; private set; } = httpContextAccessor.HttpContext?.Connection.RemoteIpAddress;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Capture();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Capture();
        return Task.CompletedTask;
    }

    private void Capture()
    {
        if (httpContextAccessor.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            Address = address;
        }
    }
}
