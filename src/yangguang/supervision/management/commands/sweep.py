from django.core.management.base import BaseCommand, CommandError

from yangguang.core.errors import InvalidInput
from yangguang.supervision import services
from yangguang.worktime.domain import parse_start


class Command(BaseCommand):
    help = "Run the electronic-supervision sweep once: raise the time-rule alerts due by now."

    def add_arguments(self, parser):
        parser.add_argument("--now", default="", help="Evaluate at this instant (ISO 8601; naive means Asia/Shanghai).")
        parser.add_argument("--full", action="store_true", help="Evaluate every open case, not only those due.")

    def handle(self, *args, now="", full=False, **options):
        instant = None
        if now:
            try:
                instant = parse_start(now)
            except InvalidInput as exc:
                raise CommandError(f"--now: {exc.detail}") from exc
        run = services.sweep(now=instant, full=full)
        escalated = services.orders_escalate(run.now)
        self.stdout.write(f"checked {run.checked} cases, raised {run.raised} alerts "
                          f"(at {run.now.isoformat(timespec='seconds')}), escalated {escalated} supervision orders")
