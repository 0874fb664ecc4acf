"""``python manage.py ensureadmin``: make sure an admin account exists, never with a weak or
fixed password, and never with a password written where logs keep it.

The password is NEWSARCHIVE_ADMIN_PASSWORD when set, and must then pass the project's
password validators (``AUTH_PASSWORD_VALIDATORS``): ``admin`` is refused with the
validators' reasons and exit status 1. Without it a random password is made and shown
once on the terminal when the output is one; otherwise (a service manager, a container,
output sent to a file) it goes only to a file readable by its owner alone (mode 0600,
``.admin_password`` in the checkout unless NEWSARCHIVE_ADMIN_PASSWORD_FILE names
another), and the output says where. Nothing happens when a superuser already exists.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def password_file() -> Path:
    return Path(
        os.environ.get("NEWSARCHIVE_ADMIN_PASSWORD_FILE") or settings.BASE_DIR / ".admin_password"
    )


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to a file only its owner can read, made so before any byte is in it."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


class Command(BaseCommand):
    help = "Create the first admin account (password from NEWSARCHIVE_ADMIN_PASSWORD or random)."

    def handle(self, *args, **options):
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("NEWSARCHIVE_ADMIN_USER", "admin")
        given = os.environ.get("NEWSARCHIVE_ADMIN_PASSWORD", "")
        if given:
            try:
                validate_password(given, users(username=username))
            except ValidationError as error:
                raise CommandError(
                    _("NEWSARCHIVE_ADMIN_PASSWORD is refused: %(reasons)s")
                    % {"reasons": " ".join(error.messages)}
                ) from None
            users.objects.create_superuser(username=username, email="", password=given)
            self.stdout.write(
                _("Admin account %(user)r created with NEWSARCHIVE_ADMIN_PASSWORD.")
                % {"user": username}
            )
            return
        password = secrets.token_urlsafe(18)
        users.objects.create_superuser(username=username, email="", password=password)
        if self.stdout.isatty():
            self.stdout.write(
                _(
                    "Admin account created: user %(user)r, password %(password)s\n"
                    "(shown only this once; change it in the admin, or set "
                    "NEWSARCHIVE_ADMIN_PASSWORD before the first run)"
                )
                % {"user": username, "password": password}
            )
            return
        path = password_file()
        write_private(path, f"{username}\n{password}\n")
        self.stdout.write(
            _(
                "Admin account %(user)r created; its random password is in %(path)s "
                "(readable by its owner only; not shown here, as this output is not a "
                "terminal). Delete the file once you have it."
            )
            % {"user": username, "path": path}
        )
