using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using ForumApp.Web.Hubs;
using ForumApp.Realtime;
using ForumApp.Tests.Comments;
using ForumApp.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using ApiMember = ForumApp.Tests.Comments.ApiMember;

namespace ForumApp.Tests.Security;

/// <summary>
/// Anonymous connections to /hubs/threads open at once per client address, over real WebSockets on
/// Kestrel. A second loopback address (127.0.0.2) plays another network.
/// </summary>
public sealed class HubConnectionLimitTests
{
    [Fact]
    public async Task AnAddressPastItsLimitIsRefusedWhileMembersAndOtherAddressesConnect()
    {
        await using var app = new ForumAppFactory().WithHighLimits()
            .WithSetting("Forum:HubConnectionsPerAddress", "2");
        var server = app.StartOnKestrel();
        var connections = new List<HubConnection>();
        try
        {
            connections.Add(await ConnectAsync(server, "127.0.0.1"));
            connections.Add(await ConnectAsync(server, "127.0.0.1"));

            var refused = await RefusedAsync(server, "127.0.0.1");
            Assert.Contains("429: Too many live connections from your network (at most 2)", refused, StringComparison.Ordinal);

            // The refused connection did not break the others.
            Assert.NotNull(await connections[0].InvokeAsync<object>("JoinThread", 1L, 0L));

            connections.Add(await ConnectAsync(server, "127.0.0.2"));

            using var member = await ApiMember.RegisterAsync(app);
            connections.Add(await ConnectAsync(server, "127.0.0.1", member.Client.DefaultRequestHeaders.Authorization!.Parameter));

            // Closing one frees its place.
            await connections[0].DisposeAsync();
            connections.RemoveAt(0);
            await Eventually.Until(
                () => app.GetService<HubConnectionLimits>().OpenFrom("127.0.0.1"), open => open < 2, "A closed connection gives its place back");
            connections.Add(await ConnectAsync(server, "127.0.0.1"));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public void CountsAreKeptPerAddressAndReleased()
    {
        var limits = new HubConnectionLimits(Microsoft.Extensions.Options.Options.Create(
            new ForumApp.Features.Accounts.AccountOptions { HubConnectionsPerAddress = 1 }));

        Assert.True(limits.TryEnter("203.0.113.1"));
        Assert.False(limits.TryEnter("203.0.113.1"));
        Assert.True(limits.TryEnter("203.0.113.2"));

        limits.Leave("203.0.113.1");
        Assert.Equal(0, limits.OpenFrom("203.0.113.1"));
        Assert.True(limits.TryEnter("203.0.113.1"));
    }

    /// <summary>The error the server closed a new connection with (it shakes hands first, then refuses).</summary>
    private static async Task<string> RefusedAsync(Uri server, string localAddress)
    {
        var connection = Build(server, localAddress, null);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        try
        {
            try
            {
                await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (Exception startError)
            {
                return startError.Message;
            }

            var error = await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
            return error?.Message ?? "closed without an error";
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>A hub connection whose WebSocket leaves from <paramref name="localAddress"/>, checked with one call.</summary>
    private static async Task<HubConnection> ConnectAsync(Uri server, string localAddress, string? accessToken = null)
    {
        var connection = Build(server, localAddress, accessToken);
        try
        {
            await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(15));
            await connection.InvokeAsync("LeaveThread", 1L).WaitAsync(TimeSpan.FromSeconds(15));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static HubConnection Build(Uri server, string localAddress, string? accessToken)
    {
        var url = new Uri(server, ThreadsHub.Path + (accessToken is null ? "" : $"?access_token={Uri.EscapeDataString(accessToken)}"));
        return new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var socket = new ClientWebSocket();
                    var handler = new SocketsHttpHandler { ConnectCallback = (endpoint, token) => ConnectFromAsync(localAddress, endpoint, token) };
                    await socket.ConnectAsync(context.Uri, new HttpMessageInvoker(handler), cancellationToken);
                    return socket;
                };
            })
            .Build();
    }

    private static async ValueTask<Stream> ConnectFromAsync(string localAddress, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
