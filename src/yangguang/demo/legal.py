"""The demo's legal-affairs supervision (政府法制监督): thresholds for every department with penalty
powers, the decided penalties over them selected for filing, and filings in every state; rules
and normative documents filed in time, late, lawful and to be corrected; a few reconsiderations
and suits. Loaded after the cases, up to ``anchor``."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from yangguang.cases.models import Case
from yangguang.legal import services
from yangguang.legal.models import PenaltyFiling
from yangguang.org.models import Department, Officer
from yangguang.worktime.domain import SHANGHAI

DAY = datetime.timedelta(days=1)


@dataclass
class LegalReport:
    thresholds: int = 0
    penalty_filings: int = 0
    documents: int = 0
    appeals: int = 0
    alerts: int = 0


def _filer(department: Department):
    officer = Officer.objects.filter(department=department).select_related("user").order_by("pk").first()
    return officer.user if officer else None


def load(anchor: datetime.date) -> LegalReport:
    report = LegalReport()
    legal = get_user_model().objects.get(username="legal")
    now = datetime.datetime.combine(anchor - DAY, datetime.time(17), SHANGHAI)  # nothing on the anchor day
    departments = list(Department.objects.filter(powers__category="CF").distinct().select_related("region"))
    for department in departments:
        services.threshold_set(actor=legal, department=department, fine_person="1000", fine_organisation="20000",
                               revocation=True, other_kinds=["责令停产停业", "责令关闭"], now=now - 120 * DAY)
        report.thresholds += 1
    # The thresholds were set before these decisions: select them as the deciding transaction would have.
    with transaction.atomic(durable=True):
        for case in (Case.objects.filter(power__category="CF", decision="granted", decided_at__isnull=False)
                     .select_related("power").order_by("decided_at", "pk")):
            services.penalty_select(case, case.decided_at)
    filings = list(PenaltyFiling.objects.select_related("department", "case").order_by("selected_at", "pk"))
    report.penalty_filings = len(filings)
    # Oldest first: recorded, correction recommended, corrected, transferred, under review, stopped;
    # the rest are filed in turn except the newest ones and one left unfiled past its due (L01).
    scripts = ["record", "correct", "corrected", "transfer", "filed", "stopped"]
    overdue_left = False
    for index, filing in enumerate(filings):
        filer = _filer(filing.department)
        filed_at = filing.selected_at + 3 * DAY
        if filer is None or filed_at >= now:
            continue
        if filing.due_at <= now and not overdue_left:
            overdue_left = True  # left unfiled: the sweep raises L01
            continue
        script = scripts[index] if index < len(scripts) else ("record" if filed_at + 5 * DAY < now else "filed")
        services.penalty_file(actor=filer, filing=filing, filing_kind="重大行政处罚决定备案",
                              report="报送行政处罚决定书、案件调查终结报告及全部案卷材料。", now=filed_at)
        reviewed_at = min(filed_at + 5 * DAY, now - DAY)
        if script in ("record", "correct", "corrected", "transfer") and reviewed_at > filed_at:
            outcome = "record" if script == "record" else ("transfer" if script == "transfer" else "correct")
            opinion = {"record": "", "transfer": "当事人行为涉嫌犯罪，请于七日内移送司法机关。",
                       "correct": "罚款数额明显不当，建议变更处罚决定。"}[outcome]
            services.penalty_review(actor=legal, filing=filing, outcome=outcome, opinion=opinion, now=reviewed_at)
            if script == "corrected" and reviewed_at + DAY < now:
                services.penalty_correct(actor=filer, filing=filing, text="已重新作出处罚决定并送达当事人。",
                                         now=reviewed_at + DAY)
        elif script == "stopped":
            services.appeal_record(actor=filer, case=filing.case, kind="reconsideration", number="宁政复〔2026〕3号",
                                   applicant=filing.case.applicant_name, body="南京市人民政府",
                                   grounds="认为处罚过重。", received_at=filed_at + DAY, now=filed_at + DAY)
            report.appeals += 1
    _documents(departments, legal, now, report)
    _appeals(legal, now, report)
    raised = services.legal_sweep(now=now)
    report.alerts = sum(raised.values())
    return report


def _documents(departments, legal, now, report) -> None:
    """Per department: one lawful, one late, one awaiting review, one correction overdue, one corrected."""
    titles = ["关于规范行政执法裁量权的实施意见", "行政执法公示办法", "重大执法决定法制审核办法", "执法全过程记录实施细则",
              "关于加强执法证件管理的通知"]
    for index, department in enumerate(departments[:6]):
        filer = _filer(department)
        if filer is None:
            continue
        short = department.short_name or department.name
        for number, title in enumerate(titles, start=1):
            published = (now - (90 - 10 * number) * DAY).date()
            late = number == 2
            filed_at = datetime.datetime.combine(published, datetime.time(10), SHANGHAI) + (45 if late else 12) * DAY
            filing = services.document_file(
                actor=filer, department=department, kind="rule" if index == 0 and number == 1 else "normative",
                title=f"{short}{title}", number=f"宁{short[:2]}规〔2026〕{number}号", published_on=published,
                effective_on=published + 30 * DAY, now=min(filed_at, now - DAY))
            report.documents += 1
            reviewed = filing.filed_at + 3 * DAY
            if number in (1, 2) and reviewed < now:
                services.document_review(actor=legal, filing=filing, lawful=True, opinion="经审查，未发现违法情形，予以备案。",
                                         now=reviewed)
            elif number in (4, 5) and reviewed < now:
                deadline = (reviewed + (10 if number == 4 else 20) * DAY).date()
                if number == 4:
                    deadline = min(deadline, (now - DAY).date())
                    if deadline <= reviewed.date():
                        continue
                services.document_review(actor=legal, filing=filing, lawful=False,
                                         opinion="第五条设定的行政许可条件超出上位法规定，请予纠正。",
                                         correction_due=deadline, now=reviewed)
                if number == 5 and reviewed + 2 * DAY < now:
                    services.document_correct(actor=filer, filing=filing, text="已删除第五条相关内容并重新公布。",
                                              now=reviewed + 2 * DAY)


def _appeals(legal, now, report) -> None:
    """A few reconsiderations and suits against decided penalties, with every outcome."""
    cases = list(Case.objects.filter(power__category="CF", decision="granted", appeals__isnull=True)
                 .select_related("department").order_by("decided_at", "pk")[:7])
    plans = [("reconsideration", "upheld"), ("reconsideration", "revoked"), ("reconsideration", "changed"),
             ("litigation", "unlawful"), ("litigation", "upheld"), ("reconsideration", ""), ("litigation", "")]
    for number, (case, (kind, outcome)) in enumerate(zip(cases, plans, strict=False), start=1):
        filer = _filer(case.department)
        received = case.decided_at + 20 * DAY
        if filer is None or received >= now:
            continue
        appeal = services.appeal_record(
            actor=filer, case=case, kind=kind,
            number=f"宁政复〔2026〕{10 + number}号" if kind == "reconsideration" else f"（2026）苏0102行初{number}号",
            applicant=case.applicant_name, body="南京市人民政府" if kind == "reconsideration" else "南京市玄武区人民法院",
            grounds="认为事实不清、处罚过重。", received_at=received, now=received)
        report.appeals += 1
        if kind == "litigation" and received + 5 * DAY < now:
            services.appeal_answer(actor=filer, appeal=appeal, now=received + 5 * DAY)
        concluded = received + 40 * DAY
        if outcome and concluded < now:
            services.appeal_conclude(actor=legal, appeal=appeal, outcome=outcome, concluded_on=concluded.date(), now=now)
