using Bunit;
using ForumApp.Components.Layout;
using ForumApp.Components.Pages;
using Microsoft.AspNetCore.Components;

namespace ForumApp.Tests.Components;

public sealed class FocusOnPageChangeTests : IDisposable
{
    private const string Module = "./Components/Layout/FocusOnPageChange.razor.js";
    private readonly BunitContext _context = BunitSetup.CreateContext(_ => { });

    [Fact]
    public void ThePageTheCircuitStartsOnKeepsTheReadersFocus()
    {
        var module = _context.JSInterop.SetupModule(Module);

        _context.Render<FocusOnPageChange>(parameters => parameters
            .Add(p => p.RouteData, RouteTo<ThreadPage>())
            .Add(p => p.Selector, "h1"));

        Assert.Empty(module.Invocations);
        Assert.DoesNotContain(_context.JSInterop.Invocations, i => i.Identifier == "import");
    }

    [Fact]
    public void AnotherPageTakesFocusToItsHeadingAndTheSamePageDoesNot()
    {
        var module = _context.JSInterop.SetupModule(Module);
        var focus = module.SetupVoid("focusFirst", "h1");
        var component = _context.Render<FocusOnPageChange>(parameters => parameters
            .Add(p => p.RouteData, RouteTo<ThreadPage>())
            .Add(p => p.Selector, "h1"));

        component.Render(parameters => parameters.Add(p => p.RouteData, RouteTo<Home>()));
        Assert.Single(focus.Invocations);

        // Another address of the same page (another thread, a permalink) is not a new page to announce.
        component.Render(parameters => parameters.Add(p => p.RouteData, RouteTo<Home>()));
        Assert.Single(focus.Invocations);
    }

    private static RouteData RouteTo<TPage>() => new(typeof(TPage), new Dictionary<string, object?>());

    public void Dispose() => _context.Dispose();
}
