"""Powers and their versions; a version is a snapshot that goes through legal review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yangguang.org.models import Department


class Category(models.TextChoices):
    """The 11 Jiangsu categories (苏政办发〔2010〕140号 第三条) keyed by their two-letter codes."""

    LICENCE = "XK", _("Administrative licensing")
    PENALTY = "CF", _("Administrative penalty")
    LEVY = "ZS", _("Administrative levy")
    ENFORCEMENT = "QZ", _("Administrative enforcement")
    NON_LICENCE_APPROVAL = "SP", _("Non-licensing administrative approval")
    BENEFIT = "GF", _("Administrative benefit")
    REWARD = "JL", _("Administrative reward")
    CONFIRMATION = "QR", _("Administrative confirmation")
    REQUISITION = "ZY", _("Administrative requisition")
    ADJUDICATION = "CJ", _("Administrative adjudication")
    OTHER = "QT", _("Other administrative power")


class LimitUnit(models.TextChoices):
    WORKDAY = "workday", _("working days")
    DAY = "day", _("natural days")
    HOUR = "hour", _("hours")


class Disclosure(models.TextChoices):
    PUBLIC = "public", _("Public")
    FILED_ONLY = "filed", _("Filed only (not public)")


class PowerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_version__isnull=False, revoked_at__isnull=True)

    def visible_to(self, user):
        from .rules import power_visibility

        return self.filter(power_visibility(user))


class Power(models.Model):
    """A power item (权力事项): the identity that its versions share.

    ``published_version`` points at the version in force; it is empty until the first
    version is published and stays on the old version while a revision is under review.
    """

    code = models.CharField(_("unified code"), max_length=24, unique=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="powers", verbose_name=_("department"))
    category = models.CharField(_("category"), max_length=2, choices=Category.choices)
    sequence = models.PositiveIntegerField(_("sequence"))
    published_version = models.OneToOneField(
        "PowerVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("revocation reason"), blank=True)

    objects = PowerQuerySet.as_manager()

    class Meta:
        verbose_name = _("power")
        verbose_name_plural = _("powers")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["department", "category", "sequence"], name="power_sequence_unique"),
        ]
        indexes = [models.Index(fields=["department", "category"])]

    def __str__(self):
        version = self.published_version
        return f"{self.code} {version.name if version else ''}".strip()


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned by the legal office")
    APPROVED = "approved", _("Approved by the legal office")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")
    DISCARDED = "discarded", _("Discarded")


class ChangeKind(models.TextChoices):
    CREATE = "create", _("New power")
    REVISE = "revise", _("Revision")
    REVOKE = "revoke", _("Revocation")


class PowerVersion(models.Model):
    """One version of a power's content, reviewed and published as a whole with its flowchart."""

    power = models.ForeignKey(Power, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    change = models.CharField(_("change"), max_length=8, choices=ChangeKind.choices, default=ChangeKind.CREATE)
    change_reason = models.TextField(_("reason for the change"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=VersionState.choices, default=VersionState.DRAFT)

    name = models.CharField(_("name"), max_length=200)
    legal_bases = models.JSONField(_("legal bases"), default=list, help_text=_("[{law, article, text}]"))
    conditions = models.TextField(_("conditions"), blank=True)
    materials = models.JSONField(_("required materials"), default=list, help_text=_("[{name, required, copies, note}]"))
    fees = models.JSONField(_("fees"), default=list, help_text=_("[{name, standard, basis}]; empty means free"))
    result_documents = models.JSONField(_("result documents"), default=list)
    statutory_limit = models.PositiveIntegerField(_("statutory limit"))
    statutory_unit = models.CharField(_("statutory limit unit"), max_length=8, choices=LimitUnit.choices, default=LimitUnit.WORKDAY)
    committed_limit = models.PositiveIntegerField(_("committed limit"))
    committed_unit = models.CharField(_("committed limit unit"), max_length=8, choices=LimitUnit.choices, default=LimitUnit.WORKDAY)
    extension_limit = models.PositiveIntegerField(
        _("extension allowed"), default=0, help_text=_("Working days the head may add (e.g. 10 for a licence).")
    )
    consultation_phone = models.CharField(_("consultation phone"), max_length=30, blank=True)
    supervision_phone = models.CharField(_("supervision phone"), max_length=30, blank=True)
    handling_place = models.CharField(_("where to apply"), max_length=200, blank=True)
    online = models.BooleanField(_("applied for online"), default=True)
    disclosure = models.CharField(_("disclosure"), max_length=8, choices=Disclosure.choices, default=Disclosure.PUBLIC)
    filed_reason = models.TextField(_("reason for filing only"), blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_opinion = models.TextField(_("review opinion"), blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("power version")
        verbose_name_plural = _("power versions")
        ordering = ["power_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["power", "number"], name="power_version_number_unique"),
            # At most one version of a power is under work (draft … approved) at any time.
            models.UniqueConstraint(
                fields=["power"],
                condition=Q(state__in=["draft", "submitted", "returned", "approved"]),
                name="one_open_version_per_power",
            ),
            models.CheckConstraint(
                condition=~Q(disclosure="filed") | ~Q(filed_reason=""), name="filed_only_needs_reason"
            ),
        ]
        indexes = [models.Index(fields=["state", "power"])]

    def __str__(self):
        return f"{self.power.code} v{self.number} {self.name}"

    @property
    def is_editable(self) -> bool:
        return self.state in (VersionState.DRAFT, VersionState.RETURNED)


class ReviewAction(models.TextChoices):
    CREATED = "created", _("Created")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")


class ReviewRecord(models.Model):
    """The change log of a version's review (申请 → 审核 → 回复); never updated."""

    version = models.ForeignKey(PowerVersion, on_delete=models.PROTECT, related_name="review_records")
    action = models.CharField(_("action"), max_length=10, choices=ReviewAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    opinion = models.TextField(_("opinion"), blank=True)

    class Meta:
        verbose_name = _("review record")
        verbose_name_plural = _("review records")
        ordering = ["at", "id"]


class Audience(models.TextChoices):
    PERSON = "person", _("Residents")
    ENTERPRISE = "enterprise", _("Enterprises")


class LifeEvent(models.Model):
    """A life event or business stage (主题服务 / 人生事件), by which the public browses the
    powers it will meet: starting a business, building a project, marrying, finding work …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    audience = models.CharField(_("for"), max_length=12, choices=Audience.choices)
    sequence = models.PositiveSmallIntegerField(_("order"), default=0)
    powers = models.ManyToManyField(Power, blank=True, related_name="life_events", verbose_name=_("powers"))

    class Meta:
        verbose_name = _("life event")
        verbose_name_plural = _("life events")
        ordering = ["audience", "sequence", "code"]

    def __str__(self):
        return self.name
