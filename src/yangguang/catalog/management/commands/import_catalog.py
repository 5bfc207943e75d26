"""``yangguang import-catalog FILE``: import a whole catalog (批量导入) from .xlsx, .csv or .json."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from yangguang.catalog.interchange import CatalogFileError, catalog_import, read_records


def acting_user(username: str | None):
    """The named active user, or the first superuser when no name is given."""
    users = get_user_model().objects.filter(is_active=True)
    user = users.filter(username=username).first() if username else users.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        if username:
            raise CommandError(_("No active user named %(name)s.") % {"name": username})
        raise CommandError(_("No superuser to act as; name one with --as."))
    return user


class Command(BaseCommand):
    help = "Import a catalog of powers from FILE (.xlsx, .csv or .json); a file with errors imports nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--publish", action="store_true",
                            help="Import as confirmed and published (administrator or legal office only).")
        parser.add_argument("--good-rows", action="store_true", dest="good_rows",
                            help="Import the valid rows even when others have errors.")
        parser.add_argument("--as", dest="username", help="Act as this user (default: the first superuser).")

    def handle(self, *args, file, publish, good_rows, username, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(name)s.") % {"name": file})
        actor = acting_user(username)
        console = Console(file=self.stdout, highlight=False)
        try:
            records = read_records(path)
        except CatalogFileError as exc:
            raise CommandError(f"{path.name}: {exc.detail}") from exc
        stages = {"validate": _("Checking"), "write": _("Writing")}
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=Console(file=self.stderr), transient=True) as bar:
            task = bar.add_task(stages["validate"], total=len(records))

            def progress(stage, done, total):
                bar.update(task, description=stages[stage], completed=done, total=total)

            report = catalog_import(actor=actor, records=records, source=path.name, publish=publish,
                                    import_good_rows=good_rows, progress=progress)
        if report.errors:
            table = Table(title=_("Errors in %(name)s") % {"name": path.name})
            table.add_column(_("Row"), justify="right", no_wrap=True)
            table.add_column(_("Field"), overflow="fold")
            table.add_column(_("Rule"), no_wrap=True)
            table.add_column(_("Detail"), ratio=1, overflow="fold")
            for error in report.errors:
                table.add_row(str(error["row"]), error["field"], error["rule"], error["detail"])
            console.print(table)
        state = _("published") if publish else _("drafts")
        console.print(_("%(created)s of %(rows)s powers imported from %(name)s (%(state)s).")
                      % {"created": report.created, "rows": report.rows, "name": path.name, "state": state})
        if report.errors:
            raise CommandError(
                _("%(count)s rows have errors; nothing was imported.") % {"count": len(report.bad_rows)} if not report.created
                else _("%(count)s rows have errors and were left out.") % {"count": len(report.bad_rows)}
            )
