"""Signing in and out, password resets, and where each role lands after signing in."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_safe

from portal import councillor
from portal.accounts.forms import SignInForm
from portal.permissions import councillor_required


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


@require_safe
@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Officers go to their workspace, councillors to their own page, anyone else to the home page."""
    if request.user.is_officer:
        return redirect("manage:dashboard")
    if request.user.is_councillor:
        return redirect("accounts:councillor_home")
    return redirect("home")


@require_safe
@councillor_required
def councillor_home(request: HttpRequest) -> HttpResponse:
    return councillor.councillor_home(request)


papers_seen = councillor.mark_papers_seen
