"""Watch the cases already open when supervision is installed: armed in the past, so the first
sweep evaluates each once (a full sweep) and re-arms it at its next instant."""

from datetime import UTC, datetime

from django.db import migrations

OPEN_STATES = ("submitted", "correcting", "in_progress")


def watch_open_cases(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Watch = apps.get_model("supervision", "Watch")
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    armed = Watch._meta.get_field("next_at").get_db_prep_save(datetime(2000, 1, 1, tzinfo=UTC), connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Watch._meta.db_table)} ({quote('case_id')}, {quote('next_at')}) "
            f"SELECT {quote('id')}, %s FROM {quote(Case._meta.db_table)} WHERE {quote('state')} IN (%s, %s, %s) "
            f"AND {quote('id')} NOT IN (SELECT {quote('case_id')} FROM {quote(Watch._meta.db_table)})",
            [armed, *OPEN_STATES],
        )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_seed_rules"), ("cases", "0003_limit_unit_choices")]

    operations = [migrations.RunPython(watch_open_cases, migrations.RunPython.noop)]
