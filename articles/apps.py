from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("News archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import checks as requirements

        checks.register(requirements.check_time_zone)
        # Tagged "database": Django runs these only when asked about a database
        # (migrate, check --database default), not on runserver or a plain check.
        checks.register(requirements.check_postgresql_version, checks.Tags.database)
        checks.register(requirements.check_search_config, checks.Tags.database)
