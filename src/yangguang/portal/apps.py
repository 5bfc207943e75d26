from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public hall (网上政务大厅): the three disclosures of powers, process and results.

    One package per area, each with its own services, views and urls over the shared models:
    ``hall`` (home, guide figures, progress query, complaints), ``accounts`` (real-name
    registration, applying online, my cases, answering a correction request) and ``disclosure``
    (published results, open data, public scorecards, satisfaction ratings)."""

    name = "yangguang.portal"
    verbose_name = _("Public hall")

    def ready(self):
        from yangguang.catalog.hooks import GUIDE, GUIDE_ACTIONS, HOME, register_panel

        from .hall.panels import ApplyOnline, Entries, LiveFigures

        register_panel(HOME, Entries())
        register_panel(GUIDE, LiveFigures())
        register_panel(GUIDE_ACTIONS, ApplyOnline())

        from yangguang.cases.hooks import register_case_observer

        from .accounts.services import ApplicantNotifier

        register_case_observer(ApplicantNotifier())  # the applicant told of every change of their case
