using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ForumApp.Tests.Components;

/// <summary>The one bunit set-up for ForumApp components, after MudBlazor's own test extensions.</summary>
public static class BunitSetup
{
    public static BunitContext CreateContext(Action<IServiceCollection> addServices)
    {
        var context = new BunitContext();

        // MudBlazor calls into its JavaScript freely; none of it matters for markup assertions.
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        addServices(context.Services);

        // The app renders interactively on the server, and components read RendererInfo to know it.
        // Setting it resolves the renderer, which closes the service collection, so it comes last.
        context.SetRendererInfo(new RendererInfo("Server", true));
        return context;
    }
}
