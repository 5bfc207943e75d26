"""The default alert rules of DOMAIN.md §4.3 (time) and §4.2 (acceptance late, refusal without reason)."""

from django.db import migrations

RULES = [
    ("T01", "Step near its limit (环节临近时限)", "department", "timeliness", "prompt", "sweep", {"share": 0.8},
     "Prompt when the step has used this share of its limit."),
    ("T02", "Step over its limit (环节超时)", "department", "timeliness", "yellow", "sweep", {},
     "Yellow when a step passes its own limit, even within the committed limit."),
    ("T03", "Case near its committed limit (达到承诺时限比例)", "department", "timeliness", "yellow", "sweep",
     {"share": 0.9}, "Yellow when the case has used this share of its committed limit (Yulin rule)."),
    ("T04", "Case over its committed limit (超过承诺时限)", "department", "timeliness", "red", "sweep", {},
     "Red when the case passes its committed due."),
    ("T05", "Case over its statutory limit (超过法定时限)", "department", "timeliness", "red", "sweep", {},
     "Always red when the case passes its statutory due."),
    ("E01", "Acceptance late (补正告知逾期)", "department", "process", "yellow", "on_event", {"workdays": 5},
     "Yellow when a correction notice comes this many working days or more after receipt."),
    ("E02", "Refusal without a legal reason (未依法说明理由)", "department", "process", "red", "on_event", {},
     "Red when an application is refused, or a decision denies, without a reason and legal basis."),
]


def seed(apps, schema_editor):
    AlertRule = apps.get_model("supervision", "AlertRule")
    for code, name, source, type_, level, schedule, params, description in RULES:
        AlertRule.objects.update_or_create(code=code, defaults={
            "name": name, "source": source, "type": type_, "level": level, "schedule": schedule, "params": params,
            "description": description, "enabled": True,
        })


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
