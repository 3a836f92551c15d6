namespace ForumApp.Data;

/// <summary>Author names stored without an account (the seed's comments): no member may take them.</summary>
public static class ReservedAuthors
{
    public const string Anonymous = "Anonymous";
}
