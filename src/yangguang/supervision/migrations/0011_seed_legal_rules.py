"""Rules L01 and L02 of legal-affairs supervision (政府法制监督), raised by the ``legal`` sweep:
L01 重大处罚未备案, red when a major penalty decision is not filed with the legal office within the
legal period; L02 规范性文件报备异常, yellow when a rule or normative document is filed late or a
correction required by the legal office is not answered by its deadline."""

from django.db import migrations

RULES = {
    "L01": {"name": "重大处罚未备案", "source": "department", "type": "process", "level": "red", "schedule": "sweep",
            "params": {}, "enabled": True,
            "description": "重大行政处罚决定超过法定备案期限仍未报法制机构备案的，红牌报警。"},
    "L02": {"name": "规范性文件报备异常", "source": "department", "type": "process", "level": "yellow",
            "schedule": "sweep", "params": {}, "enabled": True,
            "description": "规章、规范性文件逾期报备，或法制机构责令纠正后逾期未纠正的，黄牌预警。"},
}


def seed(apps, schema_editor):
    AlertRule = apps.get_model("supervision", "AlertRule")
    for code, defaults in RULES.items():
        AlertRule.objects.get_or_create(code=code, defaults=defaults)


def unseed(apps, schema_editor):
    apps.get_model("supervision", "AlertRule").objects.filter(code__in=list(RULES), alerts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0010_seed_discretion_rule")]

    operations = [migrations.RunPython(seed, unseed)]
