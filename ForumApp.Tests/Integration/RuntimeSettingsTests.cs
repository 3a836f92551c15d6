using System.Text.Json;

namespace ForumApp.Tests.Integration;

/// <summary>Runtime settings the app ships in its runtimeconfig.json, which every way of starting it reads.</summary>
public class RuntimeSettingsTests
{
    [Fact]
    public void IdleThreadPoolWorkersSleepInsteadOfSpinning()
    {
        // Copied beside the tests from the app's own build: the same file `dotnet run` and a published app use.
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ForumApp.runtimeconfig.json")));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var spinLimit),
            "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit is not set.");
        Assert.Equal(0, int.Parse(spinLimit.ToString(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
