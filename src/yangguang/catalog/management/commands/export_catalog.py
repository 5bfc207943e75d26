"""``yangguang export-catalog FILE``: the published catalog (职权目录) as .xlsx, .csv or .json."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yangguang.catalog.interchange import CatalogFileError, catalog_export_records, write_records
from yangguang.catalog.models import Power

from .import_catalog import acting_user


class Command(BaseCommand):
    help = "Export the published powers to FILE (.xlsx, .csv or .json)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", help="Only this department, by full code (320100-012).")
        parser.add_argument("--category", help="Only this category (XK, CF …).")
        parser.add_argument("--as", dest="username", help="Export what this user may see (default: the first superuser).")

    def handle(self, *args, file, department, category, username, **options):
        actor = acting_user(username)
        powers = Power.objects.all()
        if department:
            region_code, _sep, department_code = department.partition("-")
            powers = powers.filter(department__region__code=region_code, department__code=department_code)
        if category:
            powers = powers.filter(category=category.upper())
        records = catalog_export_records(actor=actor, queryset=powers)
        try:
            write_records(file, records)
        except CatalogFileError as exc:
            raise CommandError(str(exc.detail)) from exc
        self.stdout.write(_("%(count)s powers exported to %(name)s.") % {"count": len(records), "name": file})
