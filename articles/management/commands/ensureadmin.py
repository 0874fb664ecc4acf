"""``python manage.py ensureadmin``: make sure an admin account exists, never with a fixed password.

The password is NEWSARCHIVE_ADMIN_PASSWORD when set; otherwise a random one is
made and printed this once. Nothing happens when a superuser already exists.
"""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the first admin account (password from NEWSARCHIVE_ADMIN_PASSWORD or random)."

    def handle(self, *args, **options):
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("NEWSARCHIVE_ADMIN_USER", "admin")
        given = os.environ.get("NEWSARCHIVE_ADMIN_PASSWORD", "")
        password = given or secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        if given:
            self.stdout.write(
                f"Admin account {username!r} created with NEWSARCHIVE_ADMIN_PASSWORD."
            )
        else:
            self.stdout.write(
                f"Admin account created: user {username!r}, password {password}\n"
                "(shown only this once; change it in the admin, or set NEWSARCHIVE_ADMIN_PASSWORD "
                "before the first run)"
            )
