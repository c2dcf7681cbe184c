"""Demo accounts for trying the portal locally: an officer and a councillor of the seed panel."""

import os

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from meetings.models import Councillor
from portal.models import User

DEMO_PASSWORD = "scrutiny-demo-2021"


class Command(BaseCommand):
    help = "Create demo sign-ins (development only): officer@example.org and d.davison@example.org."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only (DEBUG is off).")
        password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD)
        accounts = [("officer@example.org", User.Role.OFFICER, None)]
        councillor = Councillor.objects.filter(slug="d-davison").first()
        if councillor:
            accounts.append(("d.davison@example.org", User.Role.COUNCILLOR, councillor))
        for email, role, linked in accounts:
            user, created = User.objects.get_or_create(email=email, defaults={"role": role, "councillor": linked})
            if created:
                user.set_password(password)
                user.save()
            if options["verbosity"]:
                self.stdout.write(f"{'Created' if created else 'Exists'}: {email} ({user.get_role_display()})")
        if options["verbosity"]:
            self.stdout.write(f"Demo password (unless changed since): {password}")
