"""The demo's legal-affairs supervision (政府法制监督): thresholds for every department with penalty
powers, the decided penalties over them selected for filing, and filings in every state; rules
and normative documents filed in time, late, lawful and to be corrected; a few reconsiderations
and suits; enforcement personnel whose certificates are valid, due to expire, expired, failed,
awaiting review, lost and withdrawn, with an enforcement action refused and the reminders sent.
Loaded after the cases, up to ``anchor``."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from yangguang.cases import services as case_services
from yangguang.cases.errors import UncertifiedAction
from yangguang.cases.models import Case
from yangguang.catalog.models import Power
from yangguang.legal import services
from yangguang.legal.models import PenaltyFiling
from yangguang.org import services as register
from yangguang.org.models import Department, Officer, Post
from yangguang.worktime.domain import SHANGHAI

from .data import org
from .data.parties import credit_code

DAY = datetime.timedelta(days=1)


@dataclass
class LegalReport:
    thresholds: int = 0
    penalty_filings: int = 0
    documents: int = 0
    appeals: int = 0
    alerts: int = 0
    personnel: int = 0  # enforcement personnel of the register's stories
    reminders: int = 0  # certificates reminded before they expire


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
    _personnel(legal, now, report)
    return report


def _personnel(legal, now, report) -> None:
    """The register's stories (``org.REGISTER``) told through its services, then the reminders."""
    officers = {}
    for index, (username, (where, story)) in enumerate(org.REGISTER.items(), start=1):
        department = Department.objects.select_related("region").get(region__code=where[:6], code=where[7:])
        family, given = org.person(900 + index)
        user = get_user_model().objects.create(username=username, last_name=family, first_name=given)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        officer = officers[story] = Officer.objects.create(user=user, department=department)
        officer.posts.set(Post.objects.filter(department=department, is_enforcement=True))
        number = f"ZF{department.region.code}{department.code}{900 + index:03d}"
        registered = now - (3 if story == "pending" else 700) * DAY
        officer = register.certificate_register(
            actor=legal, officer=officer, number=number, areas=f"{department.short_name}行政执法；{department.region.name}",
            valid_from=registered.date(), valid_until=(registered + 365 * DAY).date(), now=registered)
        report.personnel += 1
        if story == "pending":
            continue
        officer = register.certificate_review(actor=legal, officer=officer, approve=True, now=registered + 2 * DAY)
        checked = now - 335 * DAY
        until = {"expiring": (now + (12 if username.startswith("zf-020") else 26) * DAY).date(),
                 "expired": (now - 20 * DAY).date()}.get(story, (checked + 365 * DAY).date())
        officer = register.certificate_annual_check(actor=legal, officer=officer, passed=True, valid_until=until,
                                                    note="年度考核合格。", now=checked)
        if story == "failed":
            register.certificate_annual_check(actor=legal, officer=officer, passed=False,
                                              note="年度执法考核不合格，暂扣执法证，待复训合格后重新年检。", now=now - 30 * DAY)
        elif story == "left":
            register.certificate_withdraw(actor=legal, officer=officer, reason="left", note="调任非执法岗位。",
                                          now=now - 90 * DAY)
        elif story == "lost":
            register.certificate_withdraw(actor=legal, officer=officer, reason="lost", note="本人报告遗失，已登报声明作废。",
                                          now=now - 45 * DAY)
            officer = register.certificate_register(
                actor=legal, officer=officer, number=f"{number}B", areas=officer.certificate_areas,
                valid_from=(now - 40 * DAY).date(), valid_until=(now + 325 * DAY).date(), now=now - 40 * DAY)
            register.certificate_review(actor=legal, officer=officer, approve=True, note="补发。", now=now - 38 * DAY)
    _refused_filing(officers["expired"], now)
    report.reminders = services.certificates_prompt(now=now)


def _refused_filing(officer, now) -> None:
    """A colleague registers a reported violation; the officer whose certificate expired tries to
    open the case (立案, an enforcement step): refused, and recorded in their record (无证执法)."""
    department = officer.department
    power = (Power.objects.filter(department=department, category="CF", published_version__isnull=False,
                                  revoked_at__isnull=True).order_by("code").first())
    colleague = get_user_model().objects.get(username=org.post_officer_username(
        next(spec for spec in org.DEPARTMENTS if org.full_code(spec) == department.full_code), "enforce"))
    case = case_services.case_apply(
        actor=colleague, power=power, channel="counter", title="群众举报：夜间违规排放废气", now=now - 2 * DAY,
        applicant={"kind": "organisation", "name": "南京某某化工有限公司", "id_type": "credit_code",
                   "id_number": credit_code("91320115MA1N2B3C4"), "phone": "025-52123456", "contact": "刘经理"})
    try:
        case_services.case_act(actor=officer.user, case=case, action="accept", opinion="同意立案。", now=now)
    except UncertifiedAction:
        return
    raise RuntimeError("an expired certificate was not refused")


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
