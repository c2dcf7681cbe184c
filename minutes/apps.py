from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = "Minutes"

    def ready(self):
        from meetings.minutes_source import register_minutes_source
        from minutes import for_meetings

        register_minutes_source(for_meetings)

        from minutes import models
        from portal.page_cache import PublicShape, show_publicly

        def public_minutes(**parent) -> bool:
            return models.Minutes.objects.public().filter(**parent).exists()

        # Minutes are public once published; their parts when the minutes are (drafts are for officers).
        show_publicly(
            models.Minutes, PublicShape(shown=lambda minutes: minutes.is_public, private=frozenset({"version"}))
        )
        parts = {
            models.Attendance: lambda row: public_minutes(pk=row.minutes_id),
            models.Declaration: lambda row: public_minutes(pk=row.minutes_id),
            models.MinuteEntry: lambda row: public_minutes(pk=row.minutes_id),
            models.Resolution: lambda row: public_minutes(entries__pk=row.entry_id),
            models.Action: lambda row: public_minutes(entries__pk=row.entry_id),
            models.ResolutionPart: lambda row: public_minutes(entries__resolutions__pk=row.resolution_id),
        }
        for model, shown in parts.items():
            show_publicly(model, PublicShape(shown=shown, private=frozenset({"version"}), compare=False))
