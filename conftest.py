"""Suite-wide test settings: under CI=true a skipped test is a failed test."""

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI", "").lower() == "true":
        report.outcome = "failed"
        report.longrepr = f"CI=true: skipped tests are not allowed ({report.longrepr})"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is meant to be slow; the suite creates hundreds of users and checks no hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
