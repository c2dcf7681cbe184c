from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Panels and meetings"

    def ready(self):
        from portal.page_cache import connect_invalidation

        connect_invalidation()
