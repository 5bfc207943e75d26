"""``yangguang export-benchmarks FILE``: the discretion benchmarks in force as a JSON file."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from yangguang.catalog.management.commands.import_catalog import acting_user
from yangguang.catalog.models import Power
from yangguang.discretion.interchange import export_records, write_file


class Command(BaseCommand):
    help = "Export the discretion benchmarks in force of the penalty powers to FILE (.json)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", help="Only this department, by full code (320100-012).")
        parser.add_argument("--as", dest="username", help="Export what this user may see (default: the first superuser).")

    def handle(self, *args, file, department, username, **options):
        actor = acting_user(username)
        powers = Power.objects.all()
        if department:
            region_code, _sep, department_code = department.partition("-")
            powers = powers.filter(department__region__code=region_code, department__code=department_code)
        records = export_records(actor=actor, powers=powers)
        write_file(file, records)
        self.stdout.write(_("%(count)s benchmarks exported to %(name)s.") % {"count": len(records), "name": file})
