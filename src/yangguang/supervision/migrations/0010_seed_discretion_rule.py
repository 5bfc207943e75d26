"""Rule D01, discretion deviation (裁量偏差): red when a penalty is decided outside the range of
its discretion benchmark (行政处罚裁量基准), which the decision's officer may do only with a
written reason; the decision then also goes to the legal office's review. Named in Chinese
like the rules of 0008."""

from django.db import migrations


def seed(apps, schema_editor):
    AlertRule = apps.get_model("supervision", "AlertRule")
    AlertRule.objects.get_or_create(code="D01", defaults={
        "name": "裁量偏差", "source": "department", "type": "discretion_fee", "level": "red", "schedule": "on_event",
        "params": {}, "enabled": True,
        "description": "行政处罚决定超出裁量基准的处罚幅度（经书面说明理由作出）的，红牌报警，并转法制机构审查。",
    })


def unseed(apps, schema_editor):
    apps.get_model("supervision", "AlertRule").objects.filter(code="D01", alerts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0009_notification_link")]

    operations = [migrations.RunPython(seed, unseed)]
