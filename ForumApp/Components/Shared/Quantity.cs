using System.Globalization;

namespace ForumApp.Components.Shared;

public static class Quantity
{
    /// <summary>"1 comment", "19 comments"; pass <paramref name="plural"/> for irregular nouns ("reply", "replies").</summary>
    public static string Of(int count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? singular : plural ?? singular + "s")}");
}
