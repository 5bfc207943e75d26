"""Fees charged with a decision (收费), checked against the catalog by supervision rule C01."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_limit_unit_choices")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="fees_charged",
            field=models.JSONField(blank=True, default=list, verbose_name="fees charged"),
        ),
    ]
