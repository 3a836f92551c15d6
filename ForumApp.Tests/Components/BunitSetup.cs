using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ForumApp.Tests.Components;

/// <summary>The one bunit set-up for ForumApp components, after MudBlazor's own test extensions.</summary>
public static class BunitSetup
{
    public static BunitContext CreateContext(Action<IServiceCollection> addServices) => CreateContext(addServices, out _);

    /// <summary>A context over the forum's real services, with nobody signed in until the test says so.</summary>
    public static BunitContext CreateContext(TestForum forum, out BunitAuthorizationContext authorization) =>
        CreateContext(forum.AddServicesTo, out authorization);

    public static BunitContext CreateContext(Action<IServiceCollection> addServices, out BunitAuthorizationContext authorization)
    {
        // Live updates arrive through the renderer's dispatcher; a loaded 2-core machine can take a while.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(5);
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

        // Pages read the cascaded authentication state, as under the app's Routes; anonymous until a test signs in.
        authorization = context.AddAuthorization();

        // The app renders interactively on the server, and components read RendererInfo to know it.
        // Setting it resolves the renderer, which closes the service collection, so it comes last.
        context.SetRendererInfo(new RendererInfo("Server", true));
        return context;
    }

    /// <summary>Signs the member in with the claims the app's cookie carries: id, display name and roles.</summary>
    public static void SignIn(this BunitAuthorizationContext authorization, TestMember member)
    {
        // Roles before claims: bunit's SetRoles rebuilds the principal without the claims set earlier.
        authorization.SetAuthorized(member.Email);
        authorization.SetRoles(member.Roles.ToArray());
        authorization.SetClaims(member.Claims.Where(c => c.Type is not (ClaimTypes.Name or ClaimTypes.Role)).ToArray());
    }
}
