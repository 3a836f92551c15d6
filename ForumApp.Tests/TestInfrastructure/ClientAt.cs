using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace ForumApp.Tests.TestInfrastructure;

/// <summary>
/// Clients of the in-process test server that come from a given address. The test server reports no
/// remote address of its own, so per-address limits otherwise see every test client as one.
/// </summary>
public static class ClientAt
{
    /// <summary>A browser-like client at <paramref name="address"/>: keeps cookies, does not follow redirects.</summary>
    public static HttpClient Browser(ForumAppFactory app, string address)
    {
        var remote = IPAddress.Parse(address);
        var server = app.Server.CreateHandler(context => context.Connection.RemoteIpAddress = remote);
        return new HttpClient(new CookieContainerHandler { InnerHandler = server }) { BaseAddress = app.Server.BaseAddress };
    }
}
