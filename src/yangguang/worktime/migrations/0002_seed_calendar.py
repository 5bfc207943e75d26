"""Seed the calendar with the shipped State Council notices for 2024–2026."""

from django.db import migrations

SEEDED_YEARS = (2024, 2025, 2026)


def seed(apps, schema_editor):
    from yangguang.worktime.seeding import seed_tables

    seed_tables(apps.get_model("worktime", "CalendarYear"), apps.get_model("worktime", "CalendarDay"), SEEDED_YEARS)


def unseed(apps, schema_editor):
    apps.get_model("worktime", "CalendarYear").objects.filter(year__in=SEEDED_YEARS).delete()


class Migration(migrations.Migration):
    dependencies = [("worktime", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
