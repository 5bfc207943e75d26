"""``yangguang import-benchmarks FILE``: import discretion benchmarks (裁量基准) from a JSON file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yangguang.catalog.management.commands.import_catalog import acting_user
from yangguang.discretion.interchange import (
    BenchmarkFileError,
    import_records,
    read_file,
)


class Command(BaseCommand):
    help = "Import the discretion benchmarks of penalty powers from FILE (.json); a file with errors imports nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--publish", action="store_true",
                            help="Publish at once, superseding the versions in force (legal office only).")
        parser.add_argument("--as", dest="username", help="Act as this user (default: the first superuser).")

    def handle(self, *args, file, publish, username, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(name)s.") % {"name": file})
        actor = acting_user(username)
        try:
            records = read_file(path)
        except BenchmarkFileError as exc:
            raise CommandError(f"{path.name}: {exc.detail}") from exc
        report = import_records(actor=actor, records=records, source=path.name, publish=publish)
        for error in report.errors:
            self.stderr.write(f"{error['row']}\t{error['field']}\t{error['rule']}\t{error['detail']}")
        if report.errors:
            raise CommandError(_("%(count)s errors; nothing was imported.") % {"count": len(report.errors)})
        state = _("published") if publish else _("drafts")
        self.stdout.write(_("%(created)s benchmarks imported from %(name)s (%(state)s).")
                          % {"created": report.created, "name": path.name, "state": state})
