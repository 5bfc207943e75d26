"""Penalty flowcharts drawn before steps could be marked as the legal review (法制审核): the task
step named for it becomes that step, so cases already running on them can still be decided.
Flowcharts without such a step are left for their department to revise."""

from django.db import migrations


def mark(apps, schema_editor):
    Step = apps.get_model("flows", "Step")
    marked = Step.objects.filter(flow__power_version__power__category="CF", legal_review=True).values("flow_id")
    Step.objects.filter(flow__power_version__power__category="CF", kind="task", name__contains="法制审核").exclude(
        flow_id__in=marked).update(legal_review=True)


class Migration(migrations.Migration):
    dependencies = [
        ("flows", "0002_step_legal_review"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
