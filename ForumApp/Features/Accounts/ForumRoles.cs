namespace ForumApp.Features.Accounts;

public static class ForumRoles
{
    public const string Member = "Member";
    public const string Moderator = "Moderator";
    public const string Admin = "Admin";

    public static readonly string[] All = [Member, Moderator, Admin];
}
