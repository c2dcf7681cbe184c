from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "minutes.scrutiny"
    label = "scrutiny"
    verbose_name = "Scrutiny: recommendations and call-in"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from minutes.scrutiny.models import Recommendation
        from portal.page_cache import PublicShape, show_publicly

        # The panel page (cached) shows each work programme topic's recommendations and their state.
        show_publicly(Recommendation, PublicShape(private=frozenset({"version"})))
