"""The rules of DOMAIN.md §4.2 and §4.4 beyond time: complaints not accepted in time, process and
unlisted powers in cases reported by department systems, fees off the catalog's standard, and the
monthly quantitative indicators."""

from django.db import migrations

RULES = [
    ("S02", "Complaint not accepted in time (投诉受理超期)", "hierarchical", "other", "yellow", "sweep",
     {}, "Yellow when a complaint is neither accepted nor refused by its acceptance due (five working days)."),
    ("P01", "Step out of the flowchart's order or skipped (流程异常)", "department", "process", "yellow", "on_event",
     {}, "Yellow when a case reported by a department system runs its steps out of the published flowchart's order "
         "or skips one."),
    ("N01", "Power not in the catalog (目录外权力)", "department", "process", "red", "on_event", {},
     "Red when a department system reports a case of a power that is not published in the catalog."),
    ("C01", "Fee off the catalog's standard (不按标准收费)", "department", "discretion_fee", "red", "on_event", {},
     "Red when a decision charges a fee the power does not list, or an amount other than its standard."),
    ("Q01", "Overdue rate (超期率)", "quantitative", "quantitative", "red", "monthly",
     {"yellow_above": 0.01, "red_above": 0.02},
     "Monthly: yellow when a department's overdue rate is above the first share, red above the second."),
    ("Q02", "Rejection rate (否定率)", "quantitative", "quantitative", "red", "monthly", {"red_above": 0.02},
     "Monthly: red when refusals and denials are above this share of a department's decisions."),
    ("Q03", "Power usage rate (权力运行率)", "quantitative", "quantitative", "red", "monthly",
     {"below_average_share": 0.8},
     "Monthly: red when the share of a department's listed powers used is below this share of the average."),
    ("Q04", "Licence duration (许可时效)", "quantitative", "quantitative", "red", "monthly",
     {"above_average_share": 1.2},
     "Monthly: red when a department's average licence duration is above this multiple of the average."),
    ("Q05", "Alarm rate (报警率)", "quantitative", "quantitative", "red", "monthly", {"above_average_share": 1.2},
     "Monthly: red when a department's share of cases with a red alarm is above this multiple of the average."),
]


def seed(apps, schema_editor):
    AlertRule = apps.get_model("supervision", "AlertRule")
    for code, name, source, type_, level, schedule, params, description in RULES:
        AlertRule.objects.update_or_create(code=code, defaults={
            "name": name, "source": source, "type": type_, "level": level, "schedule": schedule, "params": params,
            "description": description, "enabled": True,
        })


class Migration(migrations.Migration):
    dependencies = [("supervision", "0005_complaints_quantitative_reported")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
