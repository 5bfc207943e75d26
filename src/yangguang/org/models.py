"""Regions, departments, posts, officers and role assignments."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .domain import Standing, certificate_standing, usable


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


class Region(models.Model):
    """An administrative region (行政区划) with its GB/T 2260 code."""

    code = models.CharField(_("GB/T 2260 code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{6}$"), name="region_code_six_digits")]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def scope_prefix(self) -> str:
        """Codes of this region and every region under it start with this prefix."""
        return {RegionLevel.PROVINCE: self.code[:2], RegionLevel.CITY: self.code[:4]}.get(self.level, self.code)

    def contains(self, other: "Region") -> bool:
        return other.code.startswith(self.scope_prefix)


class DepartmentKind(models.TextChoices):
    ORGAN = "organ", _("Administrative organ")
    AUTHORISED = "authorised", _("Organisation authorised by law")
    ENTRUSTED = "entrusted", _("Entrusted organisation")


class Department(models.Model):
    """A department or body exercising power (实施主体): organ, authorised or entrusted."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("region"))
    code = models.CharField(_("code"), max_length=3, help_text=_("Three digits, unique within the region."))
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=DepartmentKind.choices, default=DepartmentKind.ORGAN)
    entrusted_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="entrusted_bodies",
        verbose_name=_("entrusting organ"),
    )
    basis = models.TextField(
        _("basis of its enforcement power"), blank=True,
        help_text=_("The law, regulation or decision that sets up, authorises or entrusts the body (主体资格依据)."))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["region__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="department_code_unique_in_region"),
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{3}$"), name="department_code_three_digits"),
            models.CheckConstraint(
                condition=Q(kind="entrusted", entrusted_by__isnull=False) | ~Q(kind="entrusted"),
                name="entrusted_body_names_its_organ",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def full_code(self) -> str:
        return f"{self.region.code}-{self.code}"


class Post(models.Model):
    """A post (岗位) inside a department; flow steps are bound to posts."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="posts", verbose_name=_("department"))
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=50)
    is_enforcement = models.BooleanField(
        _("enforcement post"), default=False, help_text=_("Acting on its steps needs a valid enforcement certificate.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["department_id", "code"]
        constraints = [models.UniqueConstraint(fields=["department", "code"], name="post_code_unique_in_department")]

    def __str__(self):
        return f"{self.department.short_name or self.department.name}·{self.name}"


class CertificateStatus(models.TextChoices):
    """Where an enforcement certificate (执法证) stands in the register: 登记 → 审核 → 年检, or withdrawn."""

    NONE = "", _("No certificate")
    REGISTERED = "registered", _("Registered, awaiting review")
    ACTIVE = "active", _("Approved")
    REFUSED = "refused", _("Refused at review")
    FAILED = "failed", _("Failed the annual check")
    LEFT = "left", _("Withdrawn: left the service")
    LOST = "lost", _("Withdrawn: reported lost")
    TRANSFERRED = "transferred", _("Withdrawn: transferred away")


class OfficerQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .rules import officer_visibility

        return self.filter(officer_visibility(user))


class Officer(models.Model):
    """An officer (工作人员): a user working in one department, holding posts."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="officers", verbose_name=_("department"))
    posts = models.ManyToManyField(Post, blank=True, related_name="officers", verbose_name=_("posts"))
    certificate_no = models.CharField(_("enforcement certificate number"), max_length=40, blank=True)
    certificate_valid_from = models.DateField(_("certificate valid from"), null=True, blank=True)
    certificate_valid_until = models.DateField(
        _("certificate valid until"), null=True, blank=True, help_text=_("Set at approval and by each annual check."))
    certificate_status = models.CharField(
        _("certificate status"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.NONE,
        blank=True)
    certificate_areas = models.CharField(_("enforcement areas"), max_length=200, blank=True,
                                         help_text=_("The fields and territory the certificate covers."))
    certificate_checked_on = models.DateField(_("last annual check"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[posts])

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [
            models.CheckConstraint(
                condition=Q(certificate_valid_until__isnull=True)
                | Q(certificate_valid_from__isnull=True)
                | Q(certificate_valid_until__gte=models.F("certificate_valid_from")),
                name="certificate_validity_ordered",
            ),
            models.UniqueConstraint(fields=["certificate_no"], condition=~Q(certificate_no=""),
                                    name="certificate_no_unique"),
        ]
        indexes = [models.Index(fields=["certificate_status", "certificate_valid_until"],
                                name="officer_certificate_due")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.department})"

    def has_valid_certificate(self, on: datetime.date) -> bool:
        return usable(self.certificate_standing(on))

    def certificate_standing(self, on: datetime.date) -> Standing:
        return certificate_standing(self.certificate_no, self.certificate_status, self.certificate_valid_from,
                                    self.certificate_valid_until, on, settings.YANGGUANG_CERTIFICATE_PROMPT_DAYS)


class CertificateAction(models.TextChoices):
    """What the register records of a certificate (执法证履历)."""

    REGISTER = "register", _("Registered")
    APPROVE = "approve", _("Approved at review")
    REFUSE = "refuse", _("Refused at review")
    ANNUAL_PASS = "annual_pass", _("Passed the annual check")
    ANNUAL_FAIL = "annual_fail", _("Failed the annual check")
    LEFT = "left", _("Withdrawn: left the service")
    LOST = "lost", _("Withdrawn: reported lost")
    TRANSFERRED = "transferred", _("Withdrawn: transferred away")
    PROMPT = "prompt", _("Reminded of its expiry")
    ACTION_REFUSED = "action_refused", _("Enforcement action refused")


class CertificateEvent(models.Model):
    """One entry of an officer's certificate record, append-only: the register's steps, the
    reminders before expiry and every enforcement action refused for want of a valid certificate."""

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="certificate_events")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+",
                                   help_text=_("The officer's department at the time."))
    action = models.CharField(_("action"), max_length=16, choices=CertificateAction.choices)
    certificate_no = models.CharField(_("enforcement certificate number"), max_length=40, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    step = models.CharField(_("step"), max_length=60, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("certificate record")
        verbose_name_plural = _("certificate records")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["officer", "-at"], name="certificate_event_officer"),
                   models.Index(fields=["action", "-at"], name="certificate_event_action")]


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    CATALOG_CLERK = "catalog_clerk", _("Catalog clerk")
    LEGAL_OFFICE = "legal_office", _("Legal office")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")


DEPARTMENT_ROLES = {Role.DEPARTMENT_HEAD, Role.CATALOG_CLERK}
REGION_ROLES = {Role.LEGAL_OFFICE, Role.SUPERVISOR, Role.ADMINISTRATOR}


class RoleAssignment(models.Model):
    """A role held by a user within a department or a region (角色授权)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("department"))
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("region"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "department", "region"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(DEPARTMENT_ROLES), department__isnull=False, region__isnull=True)
                    | Q(role__in=sorted(REGION_ROLES), department__isnull=True, region__isnull=False)
                    | Q(role=Role.APPLICANT, department__isnull=True, region__isnull=True)
                ),
                name="role_scope_matches_role",
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.department or self.region or ''}"
