"""Django's admin, named for the archive: the header, the page titles and the index."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ArchiveAdminSite(admin.AdminSite):
    site_header = _("News archive")
    site_title = _("News archive")
    index_title = _("Editorial desk")


class ArchiveAdminConfig(AdminConfig):
    """Installed in place of ``django.contrib.admin``: ``admin.site`` is then the archive's."""

    default_site = "newsarchive.admin.ArchiveAdminSite"
