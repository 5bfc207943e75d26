"""The public hall's own records: applicants' real-name accounts, satisfaction ratings (好差评) of
closed cases and the rectification a bad rating opens for the department."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yangguang.cases.models import Case, IdType, PartyKind
from yangguang.org.models import Department


class Applicant(models.Model):
    """A real-name account of the public (实名注册): who the person or organisation is."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applicant",
                                verbose_name=_("user"))
    kind = models.CharField(_("applicant kind"), max_length=12, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=100)
    id_type = models.CharField(_("ID type"), max_length=12, choices=IdType.choices)
    id_number = models.CharField(_("ID number"), max_length=30)
    phone = models.CharField(_("phone"), max_length=30)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        verbose_name = _("applicant account")
        verbose_name_plural = _("applicant accounts")
        constraints = [models.UniqueConstraint(fields=["id_type", "id_number"], name="applicant_id_unique")]

    def __str__(self):
        return self.name


class Grade(models.IntegerChoices):
    """The five grades of the national 好差评 system."""

    VERY_BAD = 1, _("Very dissatisfied")
    BAD = 2, _("Dissatisfied")
    FAIR = 3, _("Fairly satisfied")
    GOOD = 4, _("Satisfied")
    VERY_GOOD = 5, _("Very satisfied")


class Rating(models.Model):
    """The applicant's rating of a closed case (好差评), once per case."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rating", verbose_name=_("case"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("rated by"))
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices)
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [models.Index(fields=["grade", "rated_at"])]


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the department")
    REPLIED = "replied", _("Replied by the department")
    CLOSED = "closed", _("Closed by the supervisor")


class Rectification(models.Model):
    """The rectification (整改) a bad rating opens for the department; supervisors follow it."""

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="rectification",
                                  verbose_name=_("rating"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="rectifications",
                                   verbose_name=_("department"))
    opened_at = models.DateTimeField(_("opened at"))
    due_at = models.DateTimeField(_("reply due"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=RectificationStatus.choices,
                              default=RectificationStatus.OPEN)
    reply = models.TextField(_("what the department did"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("replied by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("closed by"))
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        indexes = [models.Index(fields=["department", "status"])]
