namespace ForumApp.Features.Accounts;

/// <summary>Bound from the "Forum" section.</summary>
public sealed class AccountOptions
{
    /// <summary>Accounts with these e-mails get the Admin role, at registration and at start-up.</summary>
    public List<string> AdminEmails { get; set; } = [];

    /// <summary>Create the demo accounts at start-up. Unset means: only in Development.</summary>
    public bool? DemoAccounts { get; set; }

    /// <summary>Registrations allowed per client address per hour.</summary>
    public int RegistrationsPerHourPerAddress { get; set; } = 10;

    /// <summary>Log-in attempts allowed per client address per minute (on top of per-account lockout).</summary>
    public int LoginsPerMinutePerAddress { get; set; } = 20;

    /// <summary>Password-reset requests allowed per client address per hour (every request counts, known e-mail or not).</summary>
    public int PasswordResetsPerHourPerAddress { get; set; } = 5;

    /// <summary>Password-reset mails sent per account per day, whoever asks.</summary>
    public int PasswordResetsPerDayPerAccount { get; set; } = 3;

    /// <summary>Live-threads hub connections one signed-in account may hold open at once.</summary>
    public int HubConnectionsPerMember { get; set; } = 10;

    /// <summary>Reports of comments allowed per client address per hour.</summary>
    public int ReportsPerHourPerAddress { get; set; } = 30;

    /// <summary>Anonymous connections to the live-threads hub allowed at once per client address.</summary>
    public int HubConnectionsPerAddress { get; set; } = 20;

    /// <summary>
    /// Origins besides the site's own (scheme://host[:port]) whose pages may use the sign-in cookie on
    /// /api, /hubs and the Blazor circuit, e.g. a second front-end address behind the same proxy.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// The site's public address (e.g. https://forum.example.org) for links in e-mails. When unset, links
    /// use the address of the request that asked for them only when that is this machine (localhost), and
    /// no reset mail is sent otherwise: a forged Host header must not put another site into a reset link.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
