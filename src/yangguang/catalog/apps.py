from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    """The power catalog (行政权力库 / 职权目录) and its review by the legal office."""

    name = "yangguang.catalog"
    verbose_name = _("Power catalog")
