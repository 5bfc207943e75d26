from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_add_workdays():
    # Wed 2026-09-30 is not counted; 10/1–10/7 国庆 off (10/3–4 weekend); Thu 10/8 (1), Fri 10/9 (2),
    # Sat 10/10 make-up (3), Sun 10/11 rests, Mon 10/12 (4), Tue 10/13 (5): due 10/13 24:00.
    assert run("add", "2026-09-30", "5", "workdays") == "2026-10-13 24:00:00 (Asia/Shanghai)\n2026-10-14T00:00:00+08:00\n"


@pytest.mark.parametrize(("args", "first_line"), [
    (("2026-09-30", "5", "days"), "2026-10-08 24:00:00 (Asia/Shanghai)"),  # Mon 10/5 off → Thu 10/8
    (("2026-09-30T10:00:00+08:00", "36", "hours"), "2026-10-01 22:00:00 (Asia/Shanghai)"),
    (("2026-09-30", "1", "workday"), "2026-10-08 24:00:00 (Asia/Shanghai)"),
])
def test_add_other_units(args, first_line):
    assert run("add", *args).splitlines()[0] == first_line


@pytest.mark.parametrize(("args", "message"), [
    (("add", "2026-12-20", "20", "workdays"), "2027"),
    (("add", "2026-13-01", "5", "workdays"), "ISO 8601"),
    (("add", "2026-09-30", "-1", "workdays"), "10000"),
    (("show", "2030"), "2030"),
    (("seed", "2027"), "2027"),
])
def test_errors_are_command_errors(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_show_prints_the_notice_and_its_days():
    out = run("show", "2026")
    assert "国务院办公厅关于2026年部分节假日安排的通知 国办发明电〔2025〕7号" in out
    assert "2025-11-04" in out
    assert "2026-10-10 星期六 调休上班 调休上班（10月7日休息）" in out
    assert len(out.splitlines()) == 3 + 28


def test_seed_is_idempotent():
    assert run("seed").splitlines() == [
        "2024 年：新增 0 天，更正 0 天，29 天未变",
        "2025 年：新增 0 天，更正 0 天，24 天未变",
        "2026 年：新增 0 天，更正 0 天，28 天未变",
    ]
    assert run("seed", "2025") == "2025 年：新增 0 天，更正 0 天，24 天未变\n"
