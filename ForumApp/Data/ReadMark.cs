namespace ForumApp.Data;

/// <summary>
/// How far a member has read a thread: the highest thread event <see cref="Seq"/> they have seen. Only ever
/// moves forward, so a late report from an old tab cannot bring read comments back as unread.
/// </summary>
public class ReadMark
{
    public long UserId { get; set; }
    public long ThreadId { get; set; }
    public long Seq { get; set; }
    public DateTime At { get; set; }
}
