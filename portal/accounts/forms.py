"""Sign-in forms: people sign in with their email address."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True, "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": (
            "The email address or password is not right. Check them and try again, or reset your password. "
            "After several failed attempts, signing in is paused for an hour."
        ),
        "inactive": "This account has been closed. Ask democratic services to reopen it.",
    }
