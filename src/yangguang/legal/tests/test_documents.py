"""Filing of rules and normative documents (规章和规范性文件报备): the 30-day period to the second,
late filing and unanswered corrections raising rule L02 once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yangguang.cases.tests.conftest import at
from yangguang.core.errors import InvalidInput
from yangguang.supervision.models import Alert

from .. import services
from ..errors import NotDepartmentFiler, NotLegalOffice
from ..models import DocumentState

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


def _file(actor, department, when, number="宁国土规〔2025〕1号", published="2025-09-05"):
    return services.document_file(actor=actor, department=department, kind="normative", title="关于加强土地执法的通知",
                                  number=number, published_on=published, effective_on="2025-10-01", now=at(when))


def test_filed_by_the_last_second_is_in_time(officers, land_bureau):
    # published Fri 09-05; 30 days from 09-06 end on Sat 10-04, inside the National Day holiday:
    # moved to the next working day, Thu 10-09, so due at 10-09 24:00
    filing = _file(officers["head"], land_bureau, "2025-10-09 23:59:59")
    assert filing.due_at == at("2025-10-10 00:00") and not filing.late
    assert not Alert.objects.filter(rule__code="L02").exists()


def test_filed_late_raises_l02_at_once(officers, land_bureau):
    filing = _file(officers["head"], land_bureau, "2025-10-10 00:00")
    assert filing.late
    alert = Alert.objects.get(rule__code="L02", department=land_bureau)
    assert alert.level == "yellow" and filing.number in alert.detail


def test_bad_input_names_every_field(officers, land_bureau):
    with pytest.raises(InvalidInput) as refused:
        services.document_file(actor=officers["head"], department=land_bureau, kind="memo", title="", number="1",
                               published_on="2025-09-05", effective_on="2025-09-01", now=at("2025-09-10 09:00"))
    assert {e["field"] for e in refused.value.errors} == {"kind", "title", "effective_on"}
    _file(officers["head"], land_bureau, "2025-09-10 09:00")
    with pytest.raises(InvalidInput) as refused:
        _file(officers["head"], land_bureau, "2025-09-10 09:00")
    assert refused.value.rule == "unique"


def test_only_own_department_files(officers, land_bureau, legal):
    with pytest.raises(NotDepartmentFiler):
        _file(officers["planning"], land_bureau, "2025-09-10 09:00")
    filing = _file(officers["head"], land_bureau, "2025-09-10 09:00")
    with pytest.raises(NotLegalOffice):
        services.document_review(actor=officers["head"], filing=filing, lawful=True)


def test_lawful(officers, land_bureau, legal):
    filing = _file(officers["head"], land_bureau, "2025-09-10 09:00")
    filing = services.document_review(actor=legal, filing=filing, lawful=True, now=at("2025-09-15 09:00"))
    assert filing.state == DocumentState.LAWFUL


def test_correction_unanswered_raises_l02_once(officers, land_bureau, legal):
    filing = _file(officers["head"], land_bureau, "2025-09-10 09:00")
    with pytest.raises(InvalidInput) as refused:
        services.document_review(actor=legal, filing=filing, lawful=False, opinion="", now=at("2025-09-15 09:00"))
    assert {e["field"] for e in refused.value.errors} == {"opinion", "correction_due"}
    filing = services.document_review(actor=legal, filing=filing, lawful=False, opinion="第三条超越权限",
                                      correction_due="2025-09-30", now=at("2025-09-15 09:00"))
    assert filing.state == DocumentState.CORRECTION and filing.correction_due == at("2025-10-01 00:00")
    assert services.legal_sweep(now=at("2025-09-30 23:59:59"))["L02"] == 0
    assert services.legal_sweep(now=at("2025-10-01 00:00"))["L02"] == 1
    assert services.legal_sweep(now=at("2025-10-02 00:00"))["L02"] == 0
    assert Alert.objects.filter(rule__code="L02").count() == 1


def test_correction_answered_in_time(officers, land_bureau, legal):
    filing = _file(officers["head"], land_bureau, "2025-09-10 09:00")
    filing = services.document_review(actor=legal, filing=filing, lawful=False, opinion="修改", correction_due="2025-09-30",
                                      now=at("2025-09-15 09:00"))
    filing = services.document_correct(actor=officers["head"], filing=filing, text="已修改第三条", now=at("2025-09-29 09:00"))
    assert filing.state == DocumentState.CORRECTED
    assert services.legal_sweep(now=at("2025-10-05 00:00"))["L02"] == 0


def test_the_sweep_raises_l02_in_bulk_once_per_late_correction(officers, land_bureau, legal):
    """One late correction or five: the same number of queries, and one L02 alert each, once."""

    def late(count, due, first):
        filings = [_file(officers["head"], land_bureau, "2025-09-10 09:00", number=f"宁国土规〔2025〕{first + n}号")
                   for n in range(count)]
        return [services.document_review(actor=legal, filing=filing, lawful=False, opinion="第三条超越权限",
                                         correction_due=due, now=at("2025-09-15 09:00")) for filing in filings]

    one, five = late(1, "2025-09-30", 1), late(5, "2025-10-10", 2)
    with CaptureQueriesContext(connection) as first:
        assert services.legal_sweep(now=at("2025-10-01 00:00"))["L02"] == 1
    with CaptureQueriesContext(connection) as second:
        assert services.legal_sweep(now=at("2025-10-11 00:00"))["L02"] == 5
    assert len(second) == len(first)
    assert services.legal_sweep(now=at("2025-10-12 00:00"))["L02"] == 0  # idempotent
    for filing in one + five:
        alert = Alert.objects.get(rule__code="L02", reference=f"L02-{filing.pk}-correction")
        assert alert.department == land_bureau and alert.case is None and filing.number in alert.detail
    assert Alert.objects.filter(rule__code="L02").count() == 6
