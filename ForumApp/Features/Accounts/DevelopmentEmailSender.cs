using ForumApp.Data;
using Microsoft.AspNetCore.Identity;

namespace ForumApp.Features.Accounts;

/// <summary>
/// There is no mail server: messages are written as files to {data folder}/mail so a developer can open
/// the password-reset link. Replace with a real sender before running in public.
/// </summary>
internal sealed partial class DevelopmentEmailSender(IServiceProvider services, TimeProvider clock, ILogger<DevelopmentEmailSender> logger)
    : IEmailSender<ForumUser>
{
    public Task SendConfirmationLinkAsync(ForumUser user, string email, string confirmationLink) =>
        WriteAsync(email, "Confirm your ForumApp account", $"Confirm your account: {confirmationLink}");

    public Task SendPasswordResetLinkAsync(ForumUser user, string email, string resetLink) =>
        WriteAsync(email, "Reset your ForumApp password", $"Hello {user.DisplayName},\n\nReset your password here: {resetLink}\n\nIf you did not ask for this, ignore this message.");

    public Task SendPasswordResetCodeAsync(ForumUser user, string email, string resetCode) =>
        WriteAsync(email, "Your ForumApp password reset code", $"Your reset code: {resetCode}");

    private async Task WriteAsync(string to, string subject, string body)
    {
        var folder = Path.Combine(services.ResolveDataFolder(), "mail");
        Directory.CreateDirectory(folder);
        var safeRecipient = string.Concat(to.Select(c => char.IsLetterOrDigit(c) || c is '@' or '.' or '-' or '_' ? c : '_'));
        var path = Path.Combine(folder, $"{clock.GetUtcNow():yyyyMMdd-HHmmss-fff}-{safeRecipient}.txt");
        await File.WriteAllTextAsync(path, $"To: {to}\nSubject: {subject}\n\n{body}\n");
        LogWritten(to, path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail to {To} written to {Path}.")]
    private partial void LogWritten(string to, string path);
}
