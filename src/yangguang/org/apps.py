from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    """Regions, departments, posts, officers and roles (行政区划 / 部门 / 岗位 / 人员)."""

    name = "yangguang.org"
    verbose_name = _("Organisations")
