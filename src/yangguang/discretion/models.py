"""Penalty discretion benchmarks (行政处罚裁量基准) as data: a versioned benchmark per penalty
power, its violations and their tiers, the circumstances that move a range, its review history,
and the check of every penalty decided against it with the legal office's review of deviations.

Cases sit above this app, so a check names its case by id and number, not by a foreign key.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yangguang.catalog.models import Power
from yangguang.org.models import Department

from . import domain


class BenchmarkState(models.TextChoices):
    DRAFT = domain.DRAFT, _("Draft")
    SUBMITTED = domain.SUBMITTED, _("Submitted for review")
    PUBLISHED = domain.PUBLISHED, _("Published")
    SUPERSEDED = domain.SUPERSEDED, _("Superseded")


class Level(models.TextChoices):
    EXEMPT = domain.EXEMPT, _("No penalty (不予处罚)")
    MINOR = domain.MINOR, _("Minor (轻微)")
    GENERAL = domain.GENERAL, _("General (一般)")
    SERIOUS = domain.SERIOUS, _("Serious (较重)")
    SEVERE = domain.SEVERE, _("Severe (严重)")


class Effect(models.TextChoices):
    EXEMPT = domain.EXEMPT, _("No penalty (不予处罚)")
    MITIGATE = domain.MITIGATE, _("Mitigation (减轻)")
    LIGHTER = domain.LIGHTER, _("Lighter (从轻)")
    HEAVIER = domain.HEAVIER, _("Heavier (从重)")


class Benchmark(models.Model):
    """One version of a penalty power's discretion benchmark (裁量基准), reviewed and published
    by the legal office; the version in force is the published one, earlier ones superseded."""

    power = models.ForeignKey(Power, on_delete=models.PROTECT, related_name="benchmarks", verbose_name=_("power"))
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=12, choices=BenchmarkState.choices, default=BenchmarkState.DRAFT)
    strategy = models.CharField(_("rule for circumstances"), max_length=30, default=domain.DEFAULT_STRATEGY)
    strategy_params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    change_reason = models.TextField(_("reason for the change"), blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_opinion = models.TextField(_("review opinion"), blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("discretion benchmark")
        verbose_name_plural = _("discretion benchmarks")
        ordering = ["power_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["power", "number"], name="benchmark_number_unique"),
            models.UniqueConstraint(fields=["power"], condition=Q(state__in=["draft", "submitted"]),
                                    name="one_open_benchmark_per_power"),
            models.UniqueConstraint(fields=["power"], condition=Q(state="published"),
                                    name="one_published_benchmark_per_power"),
            models.CheckConstraint(condition=~Q(state__in=["published", "superseded"]) | Q(published_at__isnull=False),
                                   name="published_benchmark_has_a_date"),
        ]
        indexes = [models.Index(fields=["state", "power"])]

    def __str__(self):
        return f"{self.power.code} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.state == BenchmarkState.DRAFT


class Circumstance(models.Model):
    """A circumstance (情节) of a benchmark that exempts, mitigates, lightens or aggravates."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="circumstances")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("code"), max_length=domain.CODE_MAX)
    name = models.CharField(_("name"), max_length=200)
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices)
    mandatory = models.BooleanField(_("mandatory (应当)"), default=False)
    basis = models.CharField(_("legal reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("circumstance")
        verbose_name_plural = _("circumstances")
        ordering = ["benchmark_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["benchmark", "code"], name="circumstance_code_unique"),
            models.CheckConstraint(condition=~Q(effect__in=["exempt", "mitigate"]) | ~Q(basis=""),
                                   name="exemption_and_mitigation_have_a_legal_reason"),
        ]


class Violation(models.Model):
    """A violation (违法行为) a penalty power covers, with its legal basis and the law's standard."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="violations")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("code"), max_length=domain.CODE_MAX, help_text=_("The discretion code (自由裁量编码)."))
    name = models.CharField(_("violation"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    violated = models.JSONField(_("provision violated (违法条款)"), default=dict, help_text=_("{law, article, text}"))
    punished = models.JSONField(_("penalty provision (处罚条款)"), default=dict, help_text=_("{law, article, text}"))
    statutory = models.JSONField(_("statutory standard"), default=dict)

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["benchmark_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["benchmark", "code"], name="violation_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"


class Tier(models.Model):
    """A tier (裁量阶次) of a violation: its conditions as factor predicates and its standard."""

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="tiers")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    description = models.TextField(_("facts of the tier (违法事实程度)"), blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True,
                                  help_text=_("Alternatives, each a list of factor bounds that must all hold."))
    standard = models.JSONField(_("penalty standard"), default=dict)

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["violation_id", "id"]
        constraints = [models.UniqueConstraint(fields=["violation", "level"], name="tier_level_unique")]


class RecordAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Edited")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")
    IMPORTED = "imported", _("Imported")


class BenchmarkRecord(models.Model):
    """The history of a benchmark version (起草、报送、退回、发布); never updated."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="records")
    action = models.CharField(_("action"), max_length=10, choices=RecordAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    opinion = models.TextField(_("opinion"), blank=True)

    class Meta:
        verbose_name = _("benchmark record")
        verbose_name_plural = _("benchmark records")
        ordering = ["at", "id"]


class DecisionCheck(models.Model):
    """A penalty decision checked against the benchmark in force (裁量核对): the violation, the
    facts, the tier and range named, and whether the decision kept to it."""

    case_id = models.BigIntegerField(_("case"), db_index=True)
    case_number = models.CharField(_("case number"), max_length=24)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department"))
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="checks")
    violation = models.ForeignKey(Violation, on_delete=models.PROTECT, related_name="checks")
    facts = models.JSONField(_("facts"), default=dict)
    level = models.CharField(_("tier"), max_length=10, choices=Level.choices, blank=True)
    range_low = models.DecimalField(_("range from (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    range_high = models.DecimalField(_("range to (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=8)
    penalty_kind = models.CharField(_("penalty type"), max_length=60, blank=True)
    penalty_amount = models.DecimalField(_("penalty amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    deviation = models.BooleanField(_("outside the benchmark"), default=False)
    deviations = models.JSONField(_("deviations"), default=list, blank=True)
    reason = models.TextField(_("reason for deciding outside the benchmark"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("decision check")
        verbose_name_plural = _("decision checks")
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["department", "checked_at"])]
        constraints = [
            models.UniqueConstraint(fields=["case_id"], name="one_check_per_case"),
            models.CheckConstraint(condition=Q(deviation=False) | ~Q(reason=""), name="deviation_has_a_reason"),
        ]


class ReviewState(models.TextChoices):
    OPEN = "open", _("Waiting for the legal office")
    LAWFUL = "lawful", _("Lawful (合法)")
    CORRECTION = "correction", _("Correction required (责令纠正)")


class DiscretionReview(models.Model):
    """The legal office's review (法制审查) of a decision outside its benchmark, given with a
    written reason; closed as lawful or with a correction required."""

    decision_check = models.OneToOneField(DecisionCheck, on_delete=models.PROTECT, related_name="review")
    state = models.CharField(_("state"), max_length=12, choices=ReviewState.choices, default=ReviewState.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opinion = models.TextField(_("opinion of the legal office"), blank=True)

    class Meta:
        verbose_name = _("discretion review")
        verbose_name_plural = _("discretion reviews")
        ordering = ["opened_at", "id"]
        indexes = [models.Index(fields=["state", "opened_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(state="open") | (Q(closed_at__isnull=False) & ~Q(opinion="")),
                                   name="closed_review_has_an_opinion"),
        ]
