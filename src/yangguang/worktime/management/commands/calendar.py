"""``yangguang calendar``: compute a deadline, show a year's notice, seed the shipped notices."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from yangguang.core.errors import DomainError
from yangguang.worktime import domain, selectors, services

UNIT_WORDS = {
    "workday": domain.WORKDAY, "workdays": domain.WORKDAY,
    "day": domain.DAY, "days": domain.DAY,
    "hour": domain.HOUR, "hours": domain.HOUR,
}


class Command(BaseCommand):
    help = (
        "Working-day calendar: 'add START AMOUNT UNIT' prints the deadline (e.g. add 2026-09-30 5 workdays), "
        "'show YEAR' prints the year's notice and special days, 'seed [YEAR ...]' writes the shipped notices."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="the deadline of a period")
        add.add_argument("start", help="a date (that day, 00:00) or an ISO date and time")
        add.add_argument("amount", type=int)
        add.add_argument("unit", choices=sorted(UNIT_WORDS))
        show = actions.add_parser("show", help="a year's notice and its special days")
        show.add_argument("year", type=int)
        seed = actions.add_parser("seed", help="write the shipped State Council notices (all by default)")
        seed.add_argument("years", nargs="*", type=int)

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as exc:
            raise CommandError(str(exc.detail)) from exc

    def _add(self, *, start, amount, unit, **options):
        due = domain.due(domain.parse_start(start), amount, UNIT_WORDS[unit], selectors.calendar_load())
        self.stdout.write(f"{domain.format_due(due)} (Asia/Shanghai)")
        self.stdout.write(due.isoformat())

    def _show(self, *, year, **options):
        calendar_year = selectors.calendar_year_get(year)
        state = _("confirmed") if calendar_year.confirmed else _("not confirmed")
        self.stdout.write(f"{calendar_year.year} {calendar_year.notice_title} {calendar_year.notice_number} ({state})")
        if calendar_year.published_on:
            self.stdout.write(_("published on %(date)s") % {"date": calendar_year.published_on.isoformat()})
        if calendar_year.source:
            self.stdout.write(_("source: %(source)s") % {"source": calendar_year.source})
        for day in selectors.calendar_day_list(year):
            self.stdout.write(f"{date_format(day.date, 'Y-m-d D')} {day.get_kind_display()} {day.name}")

    def _seed(self, *, years, **options):
        for result in services.calendar_seed(years) if years else services.calendar_seed():
            self.stdout.write(
                _("%(year)s: %(created)s days created, %(updated)s corrected, %(unchanged)s unchanged")
                % {"year": result.year, "created": result.created, "updated": result.updated,
                   "unchanged": result.unchanged}
            )
