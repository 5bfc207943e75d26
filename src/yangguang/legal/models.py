"""Government legal-affairs supervision (政府法制监督): major-penalty thresholds and filings,
filings of rules and normative documents, and reconsideration and litigation records. Tables
only; the writers are in ``services``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from yangguang.cases.models import Case
from yangguang.org.models import Department


class PenaltyThreshold(models.Model):
    """A department's filing scope for major penalties (重大行政处罚备案范围), edited by the legal office.

    A fine strictly above the limit for the party's kind is major; so is a licence revocation when
    ``revocation`` is set, and any penalty whose kind contains one of ``other_kinds``."""

    department = models.OneToOneField(Department, on_delete=models.PROTECT, related_name="penalty_threshold",
                                      verbose_name=_("department"))
    fine_person = models.DecimalField(_("fine limit for individuals (yuan)"), max_digits=14, decimal_places=2,
                                      null=True, blank=True)
    fine_organisation = models.DecimalField(_("fine limit for organisations (yuan)"), max_digits=14,
                                            decimal_places=2, null=True, blank=True)
    revocation = models.BooleanField(_("licence revocations are major"), default=True)
    other_kinds = models.JSONField(_("other major kinds"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("updated by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("major-penalty threshold")
        verbose_name_plural = _("major-penalty thresholds")
        ordering = ["department__region__code", "department__code"]

    def __str__(self):
        return str(self.department)


class PenaltyFilingState(models.TextChoices):
    PENDING = "pending", _("Awaiting filing")
    FILED = "filed", _("Filed, under review")
    RECORDED = "recorded", _("Recorded (予以备案)")
    TRANSFERRED = "transferred", _("Transferred to the judiciary")
    CORRECTION = "correction", _("Revocation or change recommended")
    CORRECTED = "corrected", _("Corrected by the department")
    STOPPED = "stopped", _("Review stopped (reconsideration or suit)")


class PenaltyOutcome(models.TextChoices):
    RECORD = "record", _("Record it (予以备案)")
    TRANSFER = "transfer", _("Crime suspected: transfer to the judiciary")
    CORRECT = "correct", _("Recommend revocation or change")


class PenaltyFiling(models.Model):
    """A major penalty decision selected for filing (重大行政处罚备案) with the legal office."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="major_filing", verbose_name=_("case"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="penalty_filings",
                                   verbose_name=_("department"))
    reasons = models.JSONField(_("why it is major"), default=list)
    selected_at = models.DateTimeField(_("selected at"))
    due_at = models.DateTimeField(_("filing due"))
    state = models.CharField(_("state"), max_length=12, choices=PenaltyFilingState.choices,
                             default=PenaltyFilingState.PENDING)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("filed by"))
    filing_kind = models.CharField(_("filing type"), max_length=60, blank=True)
    report = models.TextField(_("filing report"), blank=True)
    review_due = models.DateTimeField(_("review due"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("reviewed by"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=PenaltyOutcome.choices, blank=True)
    opinion = models.TextField(_("review opinion"), blank=True)
    action_due = models.DateTimeField(_("transfer or correction due"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    correction_text = models.TextField(_("correction report"), blank=True)

    class Meta:
        verbose_name = _("major-penalty filing")
        verbose_name_plural = _("major-penalty filings")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["state", "due_at"]), models.Index(fields=["department", "state"])]

    def __str__(self):
        return self.case.number


class DocumentKind(models.TextChoices):
    RULE = "rule", _("Government rule (规章)")
    NORMATIVE = "normative", _("Normative document (规范性文件)")


class DocumentState(models.TextChoices):
    FILED = "filed", _("Filed, under review")
    LAWFUL = "lawful", _("Lawful, recorded")
    CORRECTION = "correction", _("Correction required")
    CORRECTED = "corrected", _("Corrected")


class DocumentFiling(models.Model):
    """A rule or normative document filed by its department (规章和规范性文件报备)."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="document_filings",
                                   verbose_name=_("department"))
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("document number"), max_length=60)
    published_on = models.DateField(_("published on"))
    effective_on = models.DateField(_("effective on"))
    due_at = models.DateTimeField(_("filing due"))
    filed_at = models.DateTimeField(_("filed at"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("filed by"))
    late = models.BooleanField(_("filed late"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.FILED)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("reviewed by"))
    opinion = models.TextField(_("review opinion"), blank=True)
    correction_due = models.DateTimeField(_("correction due"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    correction_text = models.TextField(_("correction report"), blank=True)

    class Meta:
        verbose_name = _("document filing")
        verbose_name_plural = _("document filings")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "number"], name="document_filing_number_unique"),
            models.CheckConstraint(condition=Q(effective_on__gte=models.F("published_on")),
                                   name="document_effective_after_published"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class AppealKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("Administrative reconsideration (行政复议)")
    LITIGATION = "litigation", _("Administrative litigation (行政应诉)")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld (维持)")
    REVOKED = "revoked", _("Revoked (撤销)")
    CHANGED = "changed", _("Changed (变更)")
    CONFIRMED_UNLAWFUL = "unlawful", _("Confirmed unlawful (确认违法)")
    WITHDRAWN = "withdrawn", _("Withdrawn or dismissed")


OVERTURNED = (AppealOutcome.REVOKED, AppealOutcome.CHANGED, AppealOutcome.CONFIRMED_UNLAWFUL)


class Appeal(models.Model):
    """A reconsideration (行政复议) or a suit (行政诉讼) against the decision of a case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("original case"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="appeals",
                                   verbose_name=_("department"))
    kind = models.CharField(_("kind"), max_length=16, choices=AppealKind.choices)
    number = models.CharField(_("number"), max_length=60)
    applicant = models.CharField(_("applicant or plaintiff"), max_length=100)
    body = models.CharField(_("reconsideration body or court"), max_length=100)
    grounds = models.TextField(_("grounds"), blank=True)
    received_at = models.DateTimeField(_("received or served at"))
    due_at = models.DateTimeField(_("due"))
    answered_at = models.DateTimeField(_("answer submitted at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AppealOutcome.choices, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("reconsideration or suit")
        verbose_name_plural = _("reconsiderations and suits")
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="appeal_number_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"
