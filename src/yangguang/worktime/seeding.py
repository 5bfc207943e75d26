"""Writing the shipped notices into the calendar tables, idempotently.

The data migration calls ``seed_tables`` with its historical models and ``calendar_seed``
with the real ones, so only fields that exist since ``0001_initial`` are written here.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from yangguang.core.errors import InvalidInput

from .official import NOTICES, SOURCE, official_days


@dataclass(frozen=True)
class SeedResult:
    year: int
    created: int
    updated: int
    unchanged: int


def check_years(years) -> list[int]:
    """The years asked for, each one whose notice the platform ships."""
    years = sorted(set(years))
    unknown = [year for year in years if year not in NOTICES]
    if unknown:
        raise InvalidInput.one(
            "years", "known-notice",
            gettext("No State Council notice is shipped for %(years)s; the administrator must add it. Shipped: %(known)s.")
            % {"years": ", ".join(map(str, unknown)), "known": ", ".join(map(str, NOTICES))},
        )
    return years


def _update(row, values: dict) -> bool:
    changed = [field for field, value in values.items() if getattr(row, field) != value]
    for field in changed:
        setattr(row, field, values[field])
    if changed:
        row.save(update_fields=changed)
    return bool(changed)


def seed_tables(year_model, day_model, years) -> list[SeedResult]:
    """Create or correct the years' notices (confirmed) and their days; rows already right stay untouched."""
    results = []
    rows = {}
    for year in check_years(years):
        notice = NOTICES[year]
        values = {"notice_title": notice.title, "notice_number": notice.number, "published_on": notice.published_on,
                  "source": SOURCE, "confirmed": True}
        rows[year], created = year_model.objects.get_or_create(year=year, defaults=values)
        if not created:
            _update(rows[year], values)
    for year in sorted(rows):
        created = updated = unchanged = 0
        for day in official_days(year):
            if day.date.year not in rows:
                raise InvalidInput.one(
                    "years", "day-in-seeded-year",
                    gettext("%(date)s of the %(year)s notice needs %(other)s seeded too.")
                    % {"date": day.date.isoformat(), "year": year, "other": day.date.year},
                )
            values = {"year": rows[day.date.year], "kind": day.kind, "name": day.name}
            row, was_created = day_model.objects.get_or_create(date=day.date, defaults=values)
            if was_created:
                created += 1
            elif _update(row, values):
                updated += 1
            else:
                unchanged += 1
        results.append(SeedResult(year, created, updated, unchanged))
    return results
