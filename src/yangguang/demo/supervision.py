"""Demo supervision work (演示监察): the handling of alerts, supervision orders and complaints in
every state, played through the supervision services after the demo cases and their daily sweeps.

Everything happens at fixed working hours before the anchor day, on the land bureau (the one
department with a head account), by the ``supervisor`` and ``head`` accounts; the complaints are
filed by residents about demo cases and departments.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from yangguang.cases.models import Case
from yangguang.org.models import Department
from yangguang.supervision import services
from yangguang.supervision.models import Alert, AlertStatus
from yangguang.worktime.domain import SHANGHAI, WorkCalendar

from .data import org


@dataclass
class SupervisionReport:
    alerts_handled: int = 0
    orders: int = 0
    complaints: int = 0


def _workday_back(calendar: WorkCalendar, day: datetime.date, count: int) -> datetime.date:
    while count:
        day -= datetime.timedelta(days=1)
        count -= calendar.is_workday(day)
    return day


def load(anchor: datetime.date, calendar: WorkCalendar) -> SupervisionReport:
    """Handle some of the alerts the sweeps raised, issue orders and file complaints, up to ``anchor``."""
    report = SupervisionReport()
    users = {user.username: user for user in get_user_model().objects.filter(username__in=("supervisor", "head"))}
    supervisor, head = users["supervisor"], users["head"]
    land = Department.objects.select_related("region").get(region__code=org.CITY, code=org.LAND_BUREAU.split("-")[1])

    def at(workdays_back: int, hour: int, minute: int = 0) -> datetime.datetime:
        day = _workday_back(calendar, anchor, workdays_back)
        return datetime.datetime.combine(day, datetime.time(hour, minute), SHANGHAI)

    # Alerts of the land bureau, oldest first: explained and confirmed, explanation sent back,
    # corrected awaiting the supervisor, card removal approved and one awaiting approval.
    alerts = list(Alert.objects.filter(department=land, status=AlertStatus.NOTIFIED, level__in=("yellow", "red"),
                                       raised_at__lt=at(6, 9)).order_by("raised_at", "id")[:6])
    scripts = [
        [("explain", head, "踏勘当日遇暴雨，现场核查顺延一日，已于次日办结。", 5), ("confirm", supervisor, "", 4)],
        [("explain", head, "承办人请假，已调整岗位。", 5), ("reject", supervisor, "未说明是否已告知申请人，请补充。", 4)],
        [("correct", head, "已督促承办人当日办结并书面检查。", 3)],
        [("request_removal", head, "省级系统升级停机两日（附停机通知），属客观原因。", 4),
         ("approve_removal", supervisor, "", 3)],
        [("request_removal", head, "申请人要求暂缓，已有书面申请。", 2)],
    ]
    for alert, script in zip(alerts, scripts, strict=False):
        for action, actor, text, back in script:
            services.alert_act(actor=actor, alert=alert, action=action, text=text, now=at(back, 10))
        report.alerts_handled += 1

    # Orders: one escalated for want of an answer, one replied, one concluded, one still open.
    red = list(Alert.objects.filter(department=land, level="red").order_by("raised_at", "id")[:2])
    if red:
        late = services.order_issue(actor=supervisor, alert=red[0], now=at(12, 9),
                                    text="该件已超过承诺时限，请三个工作日内说明原因并办结。")
        services.orders_escalate(now=late.feedback_due)
        report.orders += 2
    replied = services.order_issue(actor=supervisor, department=land, now=at(8, 9),
                                   text="本月超期件较多，请逐件说明原因并提出整改措施。")
    services.order_reply(actor=head, order=replied, now=at(7, 15),
                         text="已逐件核查，超期原因为现场踏勘排期不足，已增派踏勘人员。")
    services.order_conclude(actor=supervisor, order=replied, text="整改措施可行，予以办结。", verified=True, now=at(6, 10))
    answered = services.order_issue(actor=supervisor, department=land, now=at(4, 9),
                                    text="请报送窗口受理岗人员排班表。")
    services.order_reply(actor=head, order=answered, now=at(3, 16), text="排班表已上报（见附件）。")
    if len(red) > 1:
        services.order_issue(actor=supervisor, alert=red[1], now=at(1, 9), text="请说明超期原因。")
    report.orders += 3

    # Complaints in every state.
    cases = list(Case.objects.filter(department=land).order_by("received_at", "id")[:3])
    filed = [
        ("efficiency", "窗口要求重复提交材料", "同一份材料被要求提交三次，每次都说格式不对。", "陈", "13812345001", 14),
        ("efficiency", "办理超时无人答复", "申请已超过承诺时限，电话无人接听。", "林", "13812345002", 9),
        ("report", "收受申请人礼品", "窗口工作人员收受申请人购物卡。", "", "", 8),
        ("efficiency", "对审批结果不满", "认为不予许可的理由不充分。", "黄", "13812345003", 6),
        ("efficiency", "咨询电话长期占线", "服务电话连续三天打不通。", "徐", "13812345004", 2),
    ]
    complaints = []
    for index, (kind, subject, text, family, phone, back) in enumerate(filed):
        case = cases[index] if index < len(cases) and kind == "efficiency" else None
        complaints.append(services.complaint_file(
            kind=kind, subject=subject, text=text, case=case, department=None if case else land,
            complainant_name=f"{family}先生" if family else "", complainant_phone=phone, now=at(back, 11)))
    report.complaints = len(complaints)
    window = land.officers.filter(posts__code="window").first()
    first, second, _report, fourth, _fresh = complaints
    services.complaint_act(actor=supervisor, complaint=first, action="accept", officer=window, now=at(13, 9))
    services.complaint_act(actor=supervisor, complaint=first, action="reply", finding="confirmed", officer=window,
                           now=at(5, 16), text="经查属实：窗口未一次性告知补正材料。已责令整改，对承办人批评教育。")
    services.complaint_act(actor=supervisor, complaint=second, action="accept", now=at(8, 9))
    services.order_issue(actor=supervisor, complaint=second, now=at(8, 10), text="请三个工作日内说明该件办理情况。")
    services.complaint_act(actor=supervisor, complaint=fourth, action="refuse", now=at(5, 10),
                           text="对行政许可决定不服，请依法申请行政复议或提起行政诉讼，不属于效能投诉受理范围。")
    # The report waits past its acceptance due: the sweep raises S02 on it.
    services.sweep(now=at(1, 6))
    return report
