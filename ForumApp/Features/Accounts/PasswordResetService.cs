using System.Net;
using System.Text;
using ForumApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ForumApp.Features.Accounts;

/// <summary>Password-reset mails, limited per client address and per account.</summary>
public sealed class PasswordResetService(
    UserManager<ForumUser> users,
    IEmailSender<ForumUser> emailSender,
    PasswordResetAddressLimits addressLimits,
    PasswordResetAccountLimits accountLimits,
    IOptions<AccountOptions> options,
    ILogger<PasswordResetService> logger)
{
    /// <summary>
    /// Sends a reset link when the e-mail belongs to an account and neither limit is used up. The caller
    /// learns nothing either way and shows one answer: a limited request looks like any other, so the
    /// limits tell no more about who is a member than the page does. Every request counts against the
    /// address, known e-mail or not; only sent mails count against the account.
    /// </summary>
    public async Task RequestResetAsync(string? email, IPAddress? clientAddress, string requestBaseUri)
    {
        if (string.IsNullOrWhiteSpace(email) || addressLimits.TryTake(clientAddress) is not null)
        {
            return;
        }

        if (LinkBase(requestBaseUri) is not { } baseUrl)
        {
            logger.LogWarning("No password-reset mail sent: set Forum:PublicBaseUrl, the only address reset links may use outside this machine.");
            return;
        }

        var user = await users.FindByEmailAsync(email.Trim());
        if (user?.Email is null || accountLimits.TryTake(user.Id) is not null)
        {
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var link = $"{baseUrl.TrimEnd('/')}/account/reset-password?code={code}";
        await emailSender.SendPasswordResetLinkAsync(user, user.Email, link);
    }

    /// <summary>
    /// Where reset links point: the configured public address, else the request's own address only when that
    /// names this machine (development, tests). The Host header is the client's to write: taken as it came, a
    /// request for a member's reset with <c>Host: evil.example</c> made the genuine mail carry the member's
    /// code to the attacker's site.
    /// </summary>
    private string? LinkBase(string requestBaseUri)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl))
        {
            return options.Value.PublicBaseUrl;
        }

        return Uri.TryCreate(requestBaseUri, UriKind.Absolute, out var uri) && uri.IsLoopback ? requestBaseUri : null;
    }
}
