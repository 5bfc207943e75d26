import os

from django.conf import settings
from django.db import connection


def test_database_matches_tier(db):
    tier = os.environ.get("YANGGUANG_TEST_TIER", "sqlite")
    assert connection.vendor == tier
    if tier == "sqlite":
        assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_time_zone_and_language():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
