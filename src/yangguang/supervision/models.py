"""Electronic supervision (电子监察): alert rules as data, the alerts they raise, the watch that
makes the sweep incremental, and the record of each sweep."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yangguang.cases.models import Case, Token
from yangguang.org.models import Department

from . import domain


class Source(models.TextChoices):
    DEPARTMENT = domain.DEPARTMENT, _("Department supervision (部门监察)")
    HIERARCHICAL = domain.HIERARCHICAL, _("Hierarchical supervision (层级监察)")
    QUANTITATIVE = domain.QUANTITATIVE, _("Quantitative analysis (定量分析)")


class RuleType(models.TextChoices):
    TIMELINESS = "timeliness", _("Timeliness (时效异常)")
    PROCESS = "process", _("Process (流程异常)")
    CONTENT = "content", _("Content (内容异常)")
    DISCRETION_FEE = "discretion_fee", _("Discretion or fee (裁量/收费异常)")
    RISK = "risk", _("Risk point (风险防控异常)")
    SUPERVISION_ORDER = "supervision_order", _("Supervision order (督办异常)")
    QUANTITATIVE = "quantitative", _("Quantitative indicator (定量分析异常)")
    OTHER = "other", _("Other (其他异常)")


class Level(models.TextChoices):
    PROMPT = domain.PROMPT, _("Prompt (提示)")
    YELLOW = domain.YELLOW, _("Yellow warning (预警)")
    RED = domain.RED, _("Red alarm (报警)")


class Schedule(models.TextChoices):
    ON_EVENT = domain.ON_EVENT, _("On every event")
    SWEEP = domain.SWEEP, _("In the periodic sweep")
    MONTHLY = domain.MONTHLY, _("Monthly")


class AlertRule(models.Model):
    """One alert rule (预警规则); supervisors enable, disable and tune it, each change recorded."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    type = models.CharField(_("type"), max_length=20, choices=RuleType.choices)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    schedule = models.CharField(_("schedule"), max_length=10, choices=Schedule.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class AlertStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    NOTIFIED = "notified", _("Notified")
    EXPLAINED = "explained", _("Explained by the department")
    CORRECTED = "corrected", _("Corrected by the department")
    CONFIRMED = "confirmed", _("Confirmed by the supervisor")
    REJECTED = "rejected", _("Explanation rejected")
    REMOVAL_REQUESTED = "removal_requested", _("Card removal requested")
    REMOVED = "removed", _("Card removed (摘牌)")


class Alert(models.Model):
    """A prompt, yellow warning or red alarm raised by a rule on a case (or one step of it); never deleted."""

    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("rule"))
    # None for an alert on a department: a supervision order or complaint about it, a month's
    # quantitative indicator (``period``), a case reported by its own system (``reference``).
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts",
                             verbose_name=_("case"))
    token = models.ForeignKey(Token, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts",
                              verbose_name=_("step"))
    order = models.ForeignKey("SupervisionOrder", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="alerts", verbose_name=_("supervision order"))
    complaint = models.ForeignKey("Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts",
                                  verbose_name=_("complaint"))
    period = models.DateField(_("month evaluated"), null=True, blank=True)
    reference = models.CharField(_("case number in the department's system"), max_length=64, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="alerts",
                                   verbose_name=_("department"))
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    raised_at = models.DateTimeField(_("raised at"))
    status = models.CharField(_("status"), max_length=20, choices=AlertStatus.choices, default=AlertStatus.RAISED)
    detail = models.TextField(_("detail"), blank=True)
    correction_due = models.DateTimeField(_("correction due"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["department", "level", "raised_at"]),
            models.Index(fields=["status", "raised_at"]),
            # performance evaluation (绩效评估): a department's alerts by period, monthly ones by month
            models.Index(fields=["department", "raised_at"], name="alert_department_raised"),
            models.Index(fields=["department", "period"], condition=Q(period__isnull=False),
                         name="alert_department_month"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["rule", "case", "token"], condition=Q(token__isnull=False),
                                    name="alert_once_per_rule_case_token"),
            models.UniqueConstraint(fields=["rule", "case"], condition=Q(token__isnull=True, order__isnull=True),
                                    name="alert_once_per_rule_case"),
            models.UniqueConstraint(fields=["rule", "order"], condition=Q(order__isnull=False),
                                    name="alert_once_per_rule_order"),
            models.UniqueConstraint(fields=["rule", "complaint"], condition=Q(complaint__isnull=False),
                                    name="alert_once_per_rule_complaint"),
            models.UniqueConstraint(fields=["rule", "department", "period"], condition=Q(period__isnull=False),
                                    name="alert_once_per_rule_department_month"),
            models.UniqueConstraint(fields=["rule", "department", "reference"], condition=~Q(reference=""),
                                    name="alert_once_per_rule_reported_case"),
        ]

    def __str__(self):
        return f"{self.rule.code} {self.case or self.department}"


class AlertAction(models.Model):
    """One step of an alert's lifecycle (预警纠错记录): who did what, when, why; appended, never changed."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="actions", verbose_name=_("alert"))
    action = models.CharField(_("action"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("actor"))
    at = models.DateTimeField(_("at"))
    from_status = models.CharField(_("from status"), max_length=20, choices=AlertStatus.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=AlertStatus.choices)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("alert action")
        verbose_name_plural = _("alert actions")
        ordering = ["at", "id"]


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Awaiting feedback")
    REPLIED = "replied", _("Replied")
    OVERDUE = "overdue", _("Overdue, escalated")
    CONCLUDED = "concluded", _("Concluded")


class SupervisionOrder(models.Model):
    """A supervision order (督办单) on an alert, a complaint or a department, with a feedback deadline (督办反馈时限);
    one not answered in time escalates to the next level up (``parent`` is the order it follows up)."""

    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.PROTECT, related_name="orders",
                              verbose_name=_("alert"))
    complaint = models.ForeignKey("Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="orders",
                                  verbose_name=_("complaint"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="supervision_orders",
                                   verbose_name=_("department supervised"))
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("supervising region"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups",
                               verbose_name=_("escalated from"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("issued by"))
    issued_at = models.DateTimeField(_("issued at"))
    text = models.TextField(_("supervision advice"))
    feedback_due = models.DateTimeField(_("feedback due"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("replied by"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    verified = models.BooleanField(_("feedback verified true"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("concluded by"))

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["status", "feedback_due"])]

    def __str__(self):
        return f"#{self.pk} {self.department}"


class Notification(models.Model):
    """An in-app notification (站内通知) to one user; read once, never deleted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications",
                             verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=20)
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("alert"))
    order = models.ForeignKey(SupervisionOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("supervision order"))
    complaint = models.ForeignKey("Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("complaint"))
    text = models.TextField(_("text"))
    # Where opening the notification leads, set by the app that writes it (e.g. the hall's own
    # page of an applicant's case); empty: to the alert, order or complaint it is about.
    link = models.CharField(_("link"), max_length=200, blank=True, db_default="")
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]


class Watch(models.Model):
    """When a time rule could next fire for an open case (None: closed, or the clock stopped).

    The sweep reads only the watches due, so its cost follows the cases whose level changes."""

    case = models.OneToOneField(Case, primary_key=True, on_delete=models.PROTECT, related_name="+")
    next_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("watch")


class SweepRun(models.Model):
    """One run of the sweep (监察计算日志), for the dashboard's "last run"."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    now = models.DateTimeField(_("evaluated at"))
    checked = models.PositiveIntegerField(_("cases checked"), default=0)
    raised = models.PositiveIntegerField(_("alerts raised"), default=0)

    class Meta:
        verbose_name = _("sweep run")
        verbose_name_plural = _("sweep runs")
        ordering = ["-started_at", "-id"]


class ComplaintKind(models.TextChoices):
    EFFICIENCY = "efficiency", _("Efficiency complaint (效能投诉)")
    REPORT = "report", _("Report (举报, confidential)")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted, under investigation")
    REFUSED = "refused", _("Not accepted")
    REPLIED = "replied", _("Investigated and replied")


class Finding(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed (查实)")
    PARTLY = "partly", _("Partly confirmed (部分属实)")
    UNFOUNDED = "unfounded", _("Unfounded (不属实)")


class Complaint(models.Model):
    """A complaint (投诉) by the public about a case, a department or an officer: accepted or
    refused within five working days, investigated, replied; followed with its number and code."""

    number = models.CharField(_("complaint number"), max_length=24, unique=True)
    code_hash = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=12, choices=ComplaintKind.choices)
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("supervising region"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="complaints",
                                   verbose_name=_("department complained about"))
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints",
                             verbose_name=_("case"))
    officer = models.ForeignKey("org.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("officer complained about"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="complaints", verbose_name=_("account of the complainant"))
    # Personal data: never on a public page; blank name only for an anonymous report.
    complainant_name = models.CharField(_("complainant"), max_length=100, blank=True)
    complainant_phone = models.CharField(_("phone"), max_length=30, blank=True)
    complainant_email = models.EmailField(_("e-mail"), blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("what happened"))
    received_at = models.DateTimeField(_("received at"))
    acceptance_due = models.DateTimeField(_("acceptance due"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED)
    accepted_at = models.DateTimeField(_("accepted or refused at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("accepted or refused by"))
    refusal_reason = models.TextField(_("reason for not accepting"), blank=True)
    reply_due = models.DateTimeField(_("reply due"), null=True, blank=True, db_index=True)
    finding = models.CharField(_("finding"), max_length=10, choices=Finding.choices, blank=True)
    reply = models.TextField(_("reply to the complainant"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("replied by"))

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["department", "finding", "replied_at"]),
        ]

    def __str__(self):
        return self.number


class ComplaintAction(models.Model):
    """One step of a complaint's handling (投诉办理记录); appended, never changed."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="actions",
                                  verbose_name=_("complaint"))
    action = models.CharField(_("action"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("actor"))
    at = models.DateTimeField(_("at"))
    from_status = models.CharField(_("from status"), max_length=10, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=ComplaintStatus.choices)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("complaint action")
        verbose_name_plural = _("complaint actions")
        ordering = ["at", "id"]
