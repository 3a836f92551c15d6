using System.Net.WebSockets;
using ForumApp.Components;
using Microsoft.AspNetCore.Http.Features;

namespace ForumApp.Web;

/// <summary>
/// The pages, interactive on the server, and how their circuits' sockets are compressed: not at all unless
/// <see cref="CompressSetting"/> says so. Deflating every render batch for every open page cost about a fifth of the
/// server's CPU per comment and kept a compressor of about 300 KB per page, for about 9× fewer bytes on the wire
/// (docs/PERFORMANCE.md, viewers, tenth run); where bandwidth is dearer, an operator turns it on.
/// </summary>
public static class PageCircuits
{
    public const string CompressSetting = "Forum:CompressCircuitSockets";

    private const string CircuitsPath = "/_blazor";

    public static WebApplication MapForumPages(this WebApplication app)
    {
        // Decided here, in this app's own pipeline, rather than by Blazor's option given at mapping: that option was
        // seen to reach another app in the same process (two test servers), and the setting must be the app's own.
        var compress = app.Configuration.GetValue<bool>(CompressSetting);
        app.UseWebSockets();
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(CircuitsPath) && context.Features.Get<IHttpWebSocketFeature>() is { IsWebSocketRequest: true } sockets)
            {
                context.Features.Set<IHttpWebSocketFeature>(new CompressionSetFeature(sockets, compress));
            }

            return next(context);
        });

        // Blazor's own compression stays off, so it adds nothing on top; the frame-ancestors policy it would add
        // with compression is on every response already (SecurityHeaders).
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options =>
        {
            options.DisableWebSocketCompression = true;
            options.ContentSecurityFrameAncestorsPolicy = null;
        });
        return app;
    }

    /// <summary>Accepts a circuit's socket with compression as configured, whatever the accepting code asked for.</summary>
    private sealed class CompressionSetFeature(IHttpWebSocketFeature accepting, bool compress) : IHttpWebSocketFeature
    {
        public bool IsWebSocketRequest => accepting.IsWebSocketRequest;

        public Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
        {
            context.DangerousEnableCompression = compress;
            return accepting.AcceptAsync(context);
        }
    }
}
