"""The administrator edits the calendar here; every save goes through the services."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import domain, services
from .models import CalendarDay, CalendarYear
from .rules import may_edit_calendar


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ("year", "notice_title", "notice_number", "published_on", "source", "confirmed")

    def clean(self):
        data = super().clean()
        year = data.get("year", self.instance.year)
        for error in domain.calendar_year_errors(
            year=year, notice_title=data.get("notice_title", ""), notice_number=data.get("notice_number", ""),
            published_on=data.get("published_on"), source=data.get("source", ""),
        ):
            if error["field"] in self.fields and error["field"] not in self.errors:
                self.add_error(error["field"], error["detail"])
        return data


class CalendarDayFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("date"):
                continue
            for error in domain.calendar_day_errors(
                day=data["date"], kind=data.get("kind", ""), name=data.get("name", ""), year=self.instance.year,
            ):
                if error["field"] in form.fields and error["field"] not in form.errors:
                    form.add_error(error["field"], error["detail"])


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    formset = CalendarDayFormSet
    fields = ("date", "kind", "name")
    extra = 0

    def has_add_permission(self, request, obj=None):
        return may_edit_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return may_edit_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_edit_calendar(request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    form = CalendarYearForm
    list_display = ("year", "notice_title", "notice_number", "published_on", "confirmed")
    list_filter = ("confirmed",)
    inlines = [CalendarDayInline]

    def get_readonly_fields(self, request, obj=None):
        return ("year",) if obj else ()

    def has_module_permission(self, request):
        return may_edit_calendar(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return may_edit_calendar(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return may_edit_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return may_edit_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        """A year is withdrawn by unconfirming it, never deleted: cases were timed against it."""
        return False

    def revert_disabled(self, request, obj=None):
        """Reverting would save the year without its days; the history stays readable."""
        return True

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The service opens the one transaction of the save; the admin must not open an outer one.
        return self._changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Saved in ``save_related``, together with the days of the inline."""

    def save_related(self, request, form, formsets, change):
        days_set, days_removed = [], []
        for formset in formsets:
            formset.save(commit=False)  # fills new/changed/deleted_objects for the change message
            for day_form in formset.forms:
                data = getattr(day_form, "cleaned_data", None) or {}
                original = day_form.instance.pk and day_form.initial.get("date")
                if data.get("DELETE"):
                    if original:
                        days_removed.append(original)
                elif day_form.has_changed() and data.get("date"):
                    if original and original != data["date"]:
                        days_removed.append(original)
                    days_set.append(services.DayEntry(data["date"], data["kind"], data.get("name", "")))
        data = form.cleaned_data
        saved = services.calendar_year_edit(
            actor=request.user, year=data.get("year", form.instance.year), notice_title=data["notice_title"],
            notice_number=data.get("notice_number", ""), published_on=data.get("published_on"),
            confirmed=data.get("confirmed", False), source=data.get("source", ""),
            days_set=days_set, days_removed=days_removed,
        )
        form.instance.pk = saved.pk
