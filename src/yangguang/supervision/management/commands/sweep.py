from django.core.management.base import BaseCommand, CommandError

from yangguang.core.errors import InvalidInput
from yangguang.supervision import tasks
from yangguang.worktime.domain import parse_start


class Command(BaseCommand):
    help = "Run the electronic-supervision sweep once: raise the time-rule alerts due by now."

    def add_arguments(self, parser):
        parser.add_argument("--now", default="", help="Evaluate at this instant (ISO 8601; naive means Asia/Shanghai).")
        parser.add_argument("--full", action="store_true", help="Evaluate every open case, not only those due.")
        parser.add_argument("--month", default="", metavar="YYYY-MM",
                            help="Instead of the sweep, evaluate the monthly quantitative rules (定量分析, Q01–Q05) "
                                 "for this month.")

    def handle(self, *args, now="", full=False, **options):
        instant = None
        if now:
            try:
                instant = parse_start(now)
            except InvalidInput as exc:
                raise CommandError(f"--now: {exc.detail}") from exc
        if options.get("month"):
            self.quantitative(options["month"], instant)
            return
        # The same sweep and escalation the worker runs every YANGGUANG_SWEEP_SECONDS, here at once.
        run = tasks.sweep.call(now=instant.isoformat() if instant else None, full=full)
        self.stdout.write(f"checked {run['checked']} cases, raised {run['raised']} alerts "
                          f"(at {run['now']}), escalated {run['escalated']} supervision orders")

    def quantitative(self, month: str, instant) -> None:
        """``--month``: raise the month's quantitative alerts (idempotent: a second run raises none)."""
        from yangguang.supervision import scoring, services

        try:
            period = scoring.period_parse(month)
        except scoring.PeriodError as exc:
            raise CommandError(f"--month: {exc}") from exc
        if period.kind != scoring.MONTH:
            raise CommandError("--month: give a month, e.g. 2026-11")
        try:
            raised = services.quantitative_run(month=period.first_day, now=instant)
        except InvalidInput as exc:
            raise CommandError(f"--month: {exc.detail}") from exc
        self.stdout.write(f"quantitative rules for {period.label}: raised {raised} alerts")
