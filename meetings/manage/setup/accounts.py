"""Accounts, for administrators: invite someone by email (a link to set their password), link a councillor's
account to their councillor record, change a role, deactivate."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings import council_setup, setup_selectors
from meetings.manage.setup._forms import run_service
from meetings.setup_forms import AccountForm, InviteForm
from portal.permissions import admin_required

SHOW = {"active": "Accounts that may sign in", "inactive": "Deactivated accounts", "all": "All accounts"}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_safe
@admin_required
def account_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "active")
    if show not in SHOW:
        show = "active"
    context = {"accounts": setup_selectors.accounts(show=show), "show": show, "show_label": SHOW[show], "choices": SHOW}
    return render(request, "meetings/manage/setup/account_list.html", context)


@require_http_methods(["GET", "POST"])
@admin_required
def account_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None, initial={"councillor": request.GET.get("councillor")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = run_service(
            form,
            lambda: council_setup.invite_account(
                email=data["email"],
                role=data["role"],
                by=request.user,
                base_url=_base_url(request),
                councillor=data["councillor"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            ),
        )
        if user is not None:
            messages.success(request, f"Invitation sent to {user.email}: the link in it sets their password.")
            return redirect("manage:account_list")
    return render(request, "meetings/manage/setup/account_invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
@admin_required
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = setup_selectors.account_or_404(pk)
    form = AccountForm(request.POST or None, user=account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            lambda: council_setup.update_account(
                account, role=data["role"], is_active=data["is_active"], by=request.user, councillor=data["councillor"]
            ),
        )
        if saved:
            messages.success(request, f"{account.email}: account saved.")
            return redirect("manage:account_list")
    return render(request, "meetings/manage/setup/account_edit.html", {"form": form, "account": account})


@require_POST
@admin_required
def account_reinvite(request: HttpRequest, pk: int) -> HttpResponse:
    account = setup_selectors.account_or_404(pk)
    if not account.is_active:
        messages.error(request, f"{account.email} is deactivated. Let the account sign in again first.")
    else:
        council_setup.send_invitation(account, base_url=_base_url(request))
        messages.success(request, f"A new invitation is on its way to {account.email}.")
    return redirect("manage:account_edit", pk=account.pk)
