"""Demo satisfaction ratings (好差评): the demo applicant rates their closed cases — most well,
one badly, which opens a rectification the land bureau's head has answered — so that the public
scorecards show satisfaction and the supervisors have a rectification to follow."""

import datetime

from django.contrib.auth import get_user_model

from yangguang.cases.models import Case, CaseState
from yangguang.portal.disclosure import services
from yangguang.worktime.domain import SHANGHAI

GOOD = ((5, "窗口一次告知所需材料，办理比承诺时间还快。"), (4, "办理顺利。"), (5, ""))
BAD = (2, "补正材料来回跑了两次，窗口没有一次说清楚。")


def load(anchor: datetime.date) -> int:
    """Rate the demo applicant's closed cases the day after they closed (before ``anchor``)."""
    users = {user.username: user for user in get_user_model().objects.filter(username__in=("applicant", "head"))}
    applicant = users["applicant"]
    closed = list(Case.objects.filter(applicant_user=applicant, state=CaseState.COMPLETED, completed_at__isnull=False)
                  .select_related("department").order_by("completed_at", "id"))
    until = datetime.datetime.combine(anchor, datetime.time(), SHANGHAI)
    given = 0
    for index, case in enumerate(closed):
        at = case.completed_at + datetime.timedelta(days=1)
        if at >= until:
            continue
        grade, comment = BAD if index == 0 else GOOD[index % len(GOOD)]
        rating = services.rating_give(actor=applicant, case=case, grade=grade, comment=comment, now=at)
        given += 1
        if grade <= 2 and case.department.full_code == "320100-012":
            services.rectification_reply(actor=users["head"], rectification=rating.rectification,
                                         now=at + datetime.timedelta(days=1),
                                         text="已约谈窗口人员，推行补正材料一次性书面告知。")
    return given
