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


@pytest.fixture(autouse=True)
def fresh_benchmarks():
    """Compiled benchmarks are cached by id and last change, and the demo's are loaded at fixed
    times: ids and times come back after a test's rollback."""
    from yangguang.discretion import selectors

    selectors.compiled_forget()
    yield
    selectors.compiled_forget()
