"""Accounts in the back office: administrators create officers' and councillors' accounts here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from simple_history.admin import SimpleHistoryAdmin

from portal.models import AccessibilityTest, SearchEntry, User


class AccountCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "role", "councillor"]


class AccountChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class PortalUserAdmin(UserAdmin, SimpleHistoryAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    ordering = ["email"]
    list_display = ["email", "role", "councillor", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "role", "councillor"]}),
        ("Status", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "councillor", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    autocomplete_fields = ["councillor"]


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "panel", "date", "published", "exempt_paragraph"]
    list_filter = ["kind", "published"]
    search_fields = ["title"]


# Private notes are deliberately not in the back office: only their author may read them.


@admin.register(AccessibilityTest)
class AccessibilityTestAdmin(SimpleHistoryAdmin):
    """Each accessibility test of the portal; the statement at /accessibility/ reports the latest."""

    list_display = ["tested_on", "tested_by", "compliance", "recorded_at"]
    list_filter = ["compliance"]
