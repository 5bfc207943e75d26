import pytest

from yangguang.cases import services


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The demo cases' uploaded materials go to a throwaway directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_flow_graphs():
    """Flowcharts are cached by id, and ids come back after a test's rollback."""
    services.flow_graph.cache_clear()
    yield
    services.flow_graph.cache_clear()
