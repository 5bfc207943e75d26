import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """The loaded calendar is cached; no test may see another test's calendar."""
    cache.clear()
    yield
    cache.clear()
