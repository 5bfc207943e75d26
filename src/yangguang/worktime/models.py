"""The working-day calendar as data: one row per year's State Council notice, one per special day."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CalendarYear(models.Model):
    """A year whose holiday arrangement is known (国务院办公厅关于部分节假日安排的通知).

    Deadline arithmetic refuses to walk through a year that is not confirmed.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    notice_title = models.CharField(_("notice title"), max_length=200)
    notice_number = models.CharField(_("notice number"), max_length=60, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    confirmed = models.BooleanField(
        _("confirmed"), default=False, help_text=_("Only confirmed years are used to count working days.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]
        constraints = [
            # From 1992 on China keeps UTC+8 all year, so every day lasts 86,400 seconds.
            models.CheckConstraint(condition=Q(year__gte=1992, year__lte=2100), name="calendar_year_range"),
        ]

    def __str__(self):
        return str(self.year)


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday (no work)")
    MAKEUP_WORKDAY = "makeup_workday", _("Make-up workday")


class CalendarDay(models.Model):
    """A day that departs from the Monday–Friday rule: a holiday or a make-up workday (调休上班)."""

    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DayKind.values), name="calendar_day_kind_valid"),
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"
