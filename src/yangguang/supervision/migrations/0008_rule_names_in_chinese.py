"""The seeded alert rules named and described in Chinese, the language of the supervision
bureaus that read them in every alert and notification. A rule whose name or description a
supervisor has already changed keeps it."""

from django.db import migrations

CHINESE = {
    "T01": ("环节临近时限", "环节已用时达到其时限的该比例时发出提示。"),
    "T02": ("环节超时", "环节超过其自身时限时黄牌预警，即使办件仍在承诺时限内。"),
    "T03": ("达到承诺时限比例", "办件用时达到承诺时限的该比例仍未办结的，黄牌预警（玉林规则）。"),
    "T04": ("超过承诺时限", "办件超过承诺办结时间仍未办结的，红牌报警。"),
    "T05": ("超过法定时限", "办件超过法定办结时间仍未办结的，一律红牌报警。"),
    "E01": ("补正告知逾期", "收件后满该数个工作日才发出补正告知的，黄牌预警（《行政许可法》第三十二条）。"),
    "E02": ("未依法说明理由", "不予受理或不予许可而未说明理由和法律依据的，红牌报警。"),
    "S01": ("督办超期未反馈", "督办单超过反馈时限未反馈的，红牌报警，并升级至上一级督办。"),
    "S02": ("投诉受理超期", "投诉在受理时限（五个工作日）届满时仍未决定受理与否的，黄牌预警。"),
    "P01": ("流程异常", "部门业务系统上报的办件未按公布的流程图顺序办理或跳过环节的，黄牌预警。"),
    "N01": ("目录外权力", "部门业务系统上报未列入权力目录（未公布）事项的办件的，红牌报警。"),
    "C01": ("不按标准收费", "决定收取权力事项未列明的费用，或收费金额与标准不符的，红牌报警。"),
    "Q01": ("超期率", "按月：部门超期率高于第一比例黄牌预警，高于第二比例红牌报警。"),
    "Q02": ("否定率", "按月：不予受理和不予许可占部门决定的比例高于该值的，红牌报警。"),
    "Q03": ("权力运行率", "按月：部门已运行的权力事项占比低于各部门平均值的该倍数的，红牌报警。"),
    "Q04": ("许可时效", "按月：部门行政许可平均用时高于各部门平均值的该倍数的，红牌报警。"),
    "Q05": ("报警率", "按月：部门发生红牌报警的办件占比高于各部门平均值的该倍数的，红牌报警。"),
}


def to_chinese(apps, schema_editor):
    AlertRule = apps.get_model("supervision", "AlertRule")
    for rule in AlertRule.objects.filter(code__in=CHINESE):
        name, description = CHINESE[rule.code]
        fields = []
        if rule.name.endswith(f"({name})"):  # the seeded English name, e.g. "Step over its limit (环节超时)"
            rule.name = name
            fields.append("name")
        if rule.description and not any("\u4e00" <= char <= "\u9fff" for char in rule.description):
            rule.description = description
            fields.append("description")
        if fields:
            rule.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0007_performance_indexes")]

    operations = [migrations.RunPython(to_chinese, migrations.RunPython.noop)]
