using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ForumApp.Tests.Web;

/// <summary>What an open page's circuit costs the server while nothing happens on it.</summary>
public sealed class IdleCircuitTests
{
    [Fact]
    public async Task ACircuitsPopoverServiceWakesTheServerAtMostTwiceAMinute()
    {
        // Its timer runs in every circuit, popovers or not; at the library's half second it was most of an idle page's cost.
        await using var app = new ForumAppFactory();
        await using var circuit = app.Services.CreateAsyncScope();

        var popovers = circuit.ServiceProvider.GetRequiredService<IPopoverService>();

        Assert.True(popovers.PopoverOptions.QueueDelay >= TimeSpan.FromSeconds(30), $"every {popovers.PopoverOptions.QueueDelay}");
    }
}
