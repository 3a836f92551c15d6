using System.Text.Json;
using System.Text.Json.Serialization;
using ForumApp.Realtime;

namespace ForumApp.Features.Profiles;

/// <summary>A comment on a profile: the one comment shape, plus the title of its thread.</summary>
[JsonConverter(typeof(ProfileCommentJsonConverter))]
public sealed record ProfileComment(CommentView Comment, string ThreadTitle);

/// <summary>
/// Writes the comment's own fields with <c>threadTitle</c> beside them (not nested), so a profile's comments have
/// exactly the shape of every other comment, whatever fields that shape gains later.
/// </summary>
internal sealed class ProfileCommentJsonConverter : JsonConverter<ProfileComment>
{
    public override ProfileComment Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var comment = document.RootElement.Deserialize<CommentView>(options)
            ?? throw new JsonException("A profile comment needs the comment's fields.");
        var title = document.RootElement.TryGetProperty(Name(options), out var value) ? value.GetString() ?? "" : "";
        return new ProfileComment(comment, title);
    }

    public override void Write(Utf8JsonWriter writer, ProfileComment value, JsonSerializerOptions options)
    {
        var node = JsonSerializer.SerializeToNode(value.Comment, options)!.AsObject();
        node[Name(options)] = value.ThreadTitle;
        node.WriteTo(writer, options);
    }

    private static string Name(JsonSerializerOptions options) =>
        options.PropertyNamingPolicy?.ConvertName(nameof(ProfileComment.ThreadTitle)) ?? nameof(ProfileComment.ThreadTitle);
}
