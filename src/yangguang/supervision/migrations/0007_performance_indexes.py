"""Indexes for performance evaluation (绩效评估): a department's alerts in a period and its monthly
quantitative alerts (those on cases and steps are declared on the cases app's models)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0006_seed_more_rules"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(fields=["department", "raised_at"], name="alert_department_raised"),
        ),
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(condition=models.Q(period__isnull=False), fields=["department", "period"],
                               name="alert_department_month"),
        ),
    ]
