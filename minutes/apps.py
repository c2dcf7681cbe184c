from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = "Minutes"

    def ready(self):
        from meetings.minutes_source import register_minutes_source
        from minutes import for_meetings

        register_minutes_source(for_meetings)
