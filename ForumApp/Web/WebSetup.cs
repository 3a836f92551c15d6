using System.Text.Json;
using ForumApp.Realtime;
using ForumApp.Web.Hubs;
using MudBlazor.Services;

namespace ForumApp.Web;

/// <summary>Hosting concerns shared by pages and the API: rendering, JSON conventions, errors, health.</summary>
public static class WebSetup
{
    public static WebApplicationBuilder AddForumWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(options => options.MaximumReceiveMessageSize = HubsSetup.MaxHubMessageBytes);
        builder.Services.AddMudServices(mud => mud.PopoverOptions.QueueDelay = PopoverCleanupEvery);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddHttpContextAccessor();

        // The client address of a circuit, taken from the request that opened it (per-address limits on pages).
        builder.Services.AddScoped<CircuitClientAddress>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitClientAddress>());

        // The public contract: camelCase, enum-like values as lowercase strings, nulls written out.
        builder.Services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));

        // Binding failures throw (in every environment), so the handler below can answer them with field errors.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        // Nothing in the forum is uploaded: a request body past this is refused with 413 before it is read.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        // Static web assets (MudBlazor's CSS/JS, blazor.web.js) also when run from bin/ outside Development.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>
    /// How often a circuit's popover service releases the browser-side observers of popovers already closed (they
    /// leave the page at once). Its timer runs in every circuit from the start, used or not: at MudBlazor's half
    /// second, 300 idle thread pages woke the server 600 times a second, most of what they cost at rest.
    /// </summary>
    public static readonly TimeSpan PopoverCleanupEvery = TimeSpan.FromSeconds(30);

    public static bool IsApiPath(PathString path) => Features.ApiPaths.Contains(path);

    public static void ConfigureJson(JsonSerializerOptions options) => ForumJson.Configure(options);

    public static WebApplication UseForumWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseForumSecurityHeaders();
        app.UseDatabaseOutageResponses();

        // Kestrel enforces the body limit while reading; a declared oversize body is refused before that.
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxRequestBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge, Title = $"The request body is larger than {MaxRequestBodyBytes / 1024} KB." },
                });
                return;
            }

            await next();
        });

        app.UseCrossOriginGuard();

        // Without this, a body like {"parentId":"abc"} got a bare 400 with no word of which field was wrong.
        app.Use(async (context, next) =>
        {
            try
            {
                await next();
            }
            catch (BadHttpRequestException exception) when (IsApiPath(context.Request.Path) && !context.Response.HasStarted)
            {
                context.Response.Clear();
                await Features.ApiInput.BindingProblem(exception).ExecuteAsync(context);
            }
        });

        // People get the not-found page; API callers get problem details instead. The API branch sits
        // inside the page handler, so it writes its problem body first and the page handler leaves it be.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(context => IsApiPath(context.Request.Path), api => api.UseStatusCodePages());
        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
