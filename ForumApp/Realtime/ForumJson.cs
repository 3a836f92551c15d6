using System.Text.Json;
using System.Text.Json.Serialization;

namespace ForumApp.Realtime;

/// <summary>
/// The wire format of every message: camelCase, enum-like values as lowercase strings, nulls written out.
/// It lives with the messages, so the HTTP API, the hub protocol and the Redis transport share it.
/// </summary>
public static class ForumJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }
}
