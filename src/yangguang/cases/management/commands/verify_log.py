"""``yangguang verify-log``: prove that no case event was altered, removed or reordered."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from yangguang.cases.selectors import log_verify


class Command(BaseCommand):
    help = "Check the SHA-256 chain of every case's events; name the first event that does not match."

    def handle(self, *args, **options):
        with Progress(TextColumn(_("Checking")), BarColumn(), MofNCompleteColumn(),
                      console=Console(file=self.stderr), transient=True) as bar:
            task = bar.add_task("cases", total=None)
            check = log_verify(progress=lambda done, total: bar.update(task, completed=done, total=total))
        if not check.ok:
            raise CommandError(_("Case %(case)s, event %(seq)s: %(problem)s.") % {
                "case": check.broken_case, "seq": check.broken_seq, "problem": check.problem})
        self.stdout.write(_("All %(events)s events of %(cases)s cases are intact.") % {
            "events": check.events, "cases": check.cases})
