from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "minutes.scrutiny"
    label = "scrutiny"
    verbose_name = "Scrutiny: recommendations and call-in"
    default_auto_field = "django.db.models.BigAutoField"
