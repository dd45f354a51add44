from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("地区与单位")

    def ready(self):
        from . import lookups  # noqa: F401 - registers the __any lookup
