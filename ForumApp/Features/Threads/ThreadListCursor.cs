using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ForumApp.Features.Threads;

/// <summary>
/// Where a page of the thread list ends: the last thread's section (pinned or not), its sort time (when it
/// was pinned, or its last activity) and its id. Opaque to clients, so the order can change without them.
/// </summary>
public sealed record ThreadListCursor(bool Pinned, DateTime At, long Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{(Pinned ? 'p' : 'a')}{At.Ticks}.{Id}")));

    public static bool TryDecode(string? raw, out ThreadListCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(raw) || raw.Length > 64)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(raw);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (text.Length < 4 || text[0] is not ('p' or 'a') || dot < 2
            || !long.TryParse(text.AsSpan(1, dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTime.MaxValue.Ticks
            || !long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return false;
        }

        cursor = new ThreadListCursor(text[0] == 'p', new DateTime(ticks, DateTimeKind.Utc), id);
        return true;
    }
}
