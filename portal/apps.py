from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from portal import checks, search_index  # noqa: F401 (importing checks registers them)
        from portal.middleware import mark_session_fresh
        from portal.models import AccessibilityTest
        from portal.page_cache import show_publicly

        search_index.connect_signals()
        show_publicly(AccessibilityTest)  # the accessibility statement shows the latest
        user_logged_in.connect(mark_session_fresh, dispatch_uid="portal-session-fresh")
