"""Cases (办件), the tokens that move through their flowchart, and their append-only event log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yangguang.catalog.models import LimitUnit, Power, PowerVersion
from yangguang.flows.models import Flow, Step
from yangguang.org.models import Department, Post, Region, Role
from yangguang.org.rules import department_filter, scope_of

from . import domain


class CaseState(models.TextChoices):
    SUBMITTED = domain.SUBMITTED, _("Awaiting acceptance")
    CORRECTING = domain.CORRECTING, _("Awaiting correction")
    IN_PROGRESS = domain.IN_PROGRESS, _("In progress")
    COMPLETED = domain.COMPLETED, _("Completed")
    REFUSED = domain.REFUSED, _("Not accepted")
    WITHDRAWN = domain.WITHDRAWN, _("Withdrawn")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    COUNTER = "counter", _("At the counter")
    EXCHANGE = "exchange", _("Reported by a department system")


class PartyKind(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORGANISATION = "organisation", _("Legal person or organisation")


class IdType(models.TextChoices):
    ID_CARD = "id_card", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
    CREDIT_CODE = "credit_code", _("Unified social credit code")


class Decision(models.TextChoices):
    GRANTED = domain.GRANTED, _("Granted (准予)")
    DENIED = domain.DENIED, _("Denied (不予)")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers see their department's cases and those passing through their posts;
        heads their department's; supervisors, legal office and administrators their region's;
        applicants their own."""
        scope = scope_of(user)
        if scope.superuser:
            return self
        if not scope.authenticated:
            return self.none()
        condition = Q(applicant_user=user)
        if scope.officer_department_id:
            condition |= Q(department_id=scope.officer_department_id)
            condition |= Q(pk__in=Token.objects.filter(step__post_id__in=scope.post_ids).values("case_id"))
        condition |= department_filter(user, Role.DEPARTMENT_HEAD)
        for role in (Role.SUPERVISOR, Role.LEGAL_OFFICE, Role.ADMINISTRATOR):
            if role in scope.roles:
                condition |= department_filter(user, role)
        return self.filter(condition)


class Case(models.Model):
    """One case (办件) exercising a published power, through the flowchart it started with."""

    number = models.CharField(_("case number"), max_length=24, unique=True)
    power = models.ForeignKey(Power, on_delete=models.PROTECT, related_name="cases", verbose_name=_("power"))
    version = models.ForeignKey(PowerVersion, on_delete=models.PROTECT, related_name="cases")
    flow = models.ForeignKey(Flow, on_delete=models.PROTECT, related_name="cases")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="cases", verbose_name=_("department"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="cases")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    state = models.CharField(_("state"), max_length=12, choices=CaseState.choices, default=CaseState.SUBMITTED)
    title = models.CharField(_("subject"), max_length=200, blank=True, help_text=_("The project or matter applied for."))
    particulars = models.JSONField(_("particulars"), default=dict, blank=True)

    applicant_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="cases", verbose_name=_("applicant account"))
    applicant_kind = models.CharField(_("applicant kind"), max_length=12, choices=PartyKind.choices)
    applicant_name = models.CharField(_("applicant name"), max_length=100)
    applicant_id_type = models.CharField(_("ID type"), max_length=12, choices=IdType.choices)
    applicant_id_number = models.CharField(_("ID number"), max_length=30)
    applicant_phone = models.CharField(_("phone"), max_length=30)
    applicant_address = models.CharField(_("address"), max_length=200, blank=True)
    applicant_contact = models.CharField(_("contact person"), max_length=50, blank=True)
    query_code_hash = models.CharField(max_length=64)

    received_at = models.DateTimeField(_("received at"))
    correction_requested_at = models.DateTimeField(_("correction requested at"), null=True, blank=True)
    correction_items = models.JSONField(_("items to correct"), default=list, blank=True)
    materials_complete_at = models.DateTimeField(_("materials complete at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    clock_start = models.DateTimeField(_("counted from"), null=True, blank=True)
    committed_limit = models.PositiveIntegerField(_("committed limit"))
    committed_unit = models.CharField(_("committed limit unit"), max_length=8, choices=LimitUnit.choices)
    statutory_limit = models.PositiveIntegerField(_("statutory limit"))
    statutory_unit = models.CharField(_("statutory limit unit"), max_length=8, choices=LimitUnit.choices)
    extension_days = models.PositiveIntegerField(_("extension granted (working days)"), default=0)
    committed_due = models.DateTimeField(_("committed due"), null=True, blank=True)
    statutory_due = models.DateTimeField(_("statutory due"), null=True, blank=True)
    suspended_since = models.DateTimeField(_("in a special procedure since"), null=True, blank=True)
    # Whether the case has ever been in a special procedure: most never are, and then their due
    # times are computed without reading the (empty) list of suspensions.
    has_suspensions = models.BooleanField(default=False, editable=False)
    current_steps = models.CharField(_("current steps"), max_length=200, blank=True)

    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason and legal basis"), blank=True)
    penalty_kind = models.CharField(_("penalty type"), max_length=60, blank=True)
    penalty_amount = models.DecimalField(_("penalty amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    # Fees charged with the decision, [{name, amount}] with the amount in yuan as text ("10.00");
    # checked against the power version's listed fees by supervision rule C01 (不按标准收费).
    fees_charged = models.JSONField(_("fees charged"), default=list, blank=True)
    document_no = models.CharField(_("result document number"), max_length=60, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # When the flowchart's legal review step (法制审核) was last completed; cleared when the case is
    # sent back before it. A penalty is not decided without it (行政处罚法 第五十八条).
    legal_reviewed_at = models.DateTimeField(_("legal review passed at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivery_method = models.CharField(_("delivery method"), max_length=12, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closing_reason = models.TextField(_("reason (refusal or withdrawal)"), blank=True)

    last_seq = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=domain.GENESIS)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["department", "state", "received_at"]),
            models.Index(fields=["state", "committed_due"]),
            models.Index(fields=["power", "received_at"]),
            models.Index(fields=["applicant_user", "received_at"]),
            models.Index(fields=["region", "received_at"]),
            # performance evaluation (绩效评估): a department's cases finished, due and decided in a period
            models.Index(fields=["department", "completed_at"]),
            models.Index(fields=["department", "committed_due"]),
            models.Index(fields=["department", "decided_at"]),
            # published results (结果公开): completed cases with a granted decision, newest decision first
            models.Index(fields=["-decided_at", "-id"], condition=Q(state="completed", decision="granted"),
                         name="case_published_result"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(decision="denied") | ~Q(decision_reason=""), name="denial_has_a_reason"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state in domain.OPEN_STATES


class CaseNumberCounter(models.Model):
    """The last sequence number given out per region and day (办件编号)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "day"], name="case_counter_unique")]


class TokenState(models.TextChoices):
    ACTIVE = "active", _("Active")
    WAITING = "waiting", _("Waiting at a join")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Token(models.Model):
    """A case's presence at one step of its flowchart (环节实例)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tokens")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=TokenState.choices, default=TokenState.ACTIVE)
    arrived_at = models.DateTimeField(_("arrived at"))
    due_at = models.DateTimeField(_("step due"), null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("assigned to"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["arrived_at", "id"]
        indexes = [
            models.Index(fields=["state", "step"]),
            models.Index(fields=["case", "state"]),
            models.Index(fields=["assignee", "state"]),
            models.Index(fields=["done_by", "done_at"]),  # an officer's steps in a period
        ]


class Suspension(models.Model):
    """A special procedure (特别程序: 听证、检验、鉴定、专家评审…) whose time is not counted."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("Hearing (听证)")
        TENDER = "tender", _("Tender (招标)")
        AUCTION = "auction", _("Auction (拍卖)")
        INSPECTION = "inspection", _("Inspection (检验)")
        TESTING = "testing", _("Testing (检测)")
        QUARANTINE = "quarantine", _("Quarantine (检疫)")
        APPRAISAL = "appraisal", _("Appraisal (鉴定)")
        EXPERT_REVIEW = "expert_review", _("Expert review (专家评审)")
        OTHER = "other", _("Other legal reason")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="suspensions")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.TextField(_("reason told to the applicant"))
    token = models.ForeignKey(Token, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    began_at = models.DateTimeField(_("began at"))
    begun_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["began_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(ended_at__isnull=True), name="one_open_suspension_per_case"),
            models.CheckConstraint(condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("began_at")),
                                   name="suspension_ends_after_it_begins"),
        ]


class Extension(models.Model):
    """An extension (延期) of the case's limits in working days, approved by the department head."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveIntegerField(_("working days"))
    reason = models.TextField(_("reason told to the applicant"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    opinion = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(state="requested"), name="one_pending_extension_per_case"),
        ]


def material_path(material, filename: str) -> str:
    return f"cases/{material.case.number}/{material.sha256[:16]}-{filename}"


class Material(models.Model):
    """A file handed in with an application or a correction (申请材料)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="materials")
    name = models.CharField(_("material"), max_length=200)
    file = models.FileField(upload_to=material_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    for_correction = models.BooleanField(default=False)

    class Meta:
        ordering = ["uploaded_at", "id"]


class Event(models.Model):
    """One action on a case (办理过程记录); appended, never updated or deleted, hash-chained."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    step_key = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(Post, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    opinion = models.TextField(blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["case_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="event_seq_unique_in_case")]

    def __str__(self):
        return f"{self.case_id}#{self.seq} {self.action}"
