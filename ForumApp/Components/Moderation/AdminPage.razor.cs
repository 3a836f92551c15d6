using System.Security.Claims;
using ForumApp.Features.Moderation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace ForumApp.Components.Moderation;

/// <summary>Admins appoint and dismiss moderators. The service checks the admin role on every call.</summary>
public sealed partial class AdminPage
{
    private const string ModeratorRole = RoleService.GrantableRole;

    private ClaimsPrincipal? _user;
    private IReadOnlyList<MemberSummary>? _staff;
    private MemberSearch? _search;
    private string? _refusal;
    private string? _error;
    private bool _busy;
    private Task<AuthenticationState>? _authentication;
    private bool _authenticationRead;

    [Inject] private RoleService Moderation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        // The cascaded state is replaced when the signed-in user changes (e.g. revalidation signs them out).
        if (_authenticationRead && ReferenceEquals(AuthenticationState, _authentication))
        {
            return;
        }

        _authenticationRead = true;
        _authentication = AuthenticationState;
        _user = AuthenticationState is null ? null : (await AuthenticationState).User;
        _staff = null;
        _refusal = null;
        _error = null;
        await LoadStaffAsync();
    }

    private async Task LoadStaffAsync()
    {
        var result = await Moderation.ListModeratorsAsync(_user);
        if (result.Error is { } error)
        {
            if (_staff is null)
            {
                _refusal = error.Message;
            }
            else
            {
                _error = error.Message;
            }

            return;
        }

        _staff = result.Value;
    }

    private async Task SetModeratorAsync(MemberSummary member, bool grant)
    {
        _busy = true;
        try
        {
            var result = await Moderation.SetModeratorAsync(_user, member.Id, ModeratorRole, grant);
            if (result.Error is { } error)
            {
                _error = error.Message;
                return;
            }

            _error = null;
            if (grant)
            {
                Snackbar.Add($"{member.DisplayName} is now a moderator.", Severity.Success);
            }
            else
            {
                Snackbar.Add($"{member.DisplayName} is no longer a moderator.", Severity.Info, options =>
                {
                    options.Action = "Undo";
                    options.ActionColor = Color.Warning;
                    options.OnClick = _ => InvokeAsync(() => SetModeratorAsync(member, grant: true));
                });
            }

            await LoadStaffAsync();
            if (_search is not null)
            {
                await _search.RefreshAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
