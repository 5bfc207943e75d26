"""The flows app's side of ``catalog.hooks.FlowchartHooks``, registered in ``FlowsConfig.ready()``."""

from yangguang.catalog.hooks import register_flowcharts

from . import services


class Flowcharts:
    """What the catalog asks of flowcharts while it creates, revises, imports and exports powers."""

    def check_for_submit(self, version) -> list[dict]:
        return services.flow_submit_errors(version)

    def copy(self, source_version, new_version) -> None:
        services.flow_copy(source_version, new_version)

    def validate_payload(self, payload, *, department, committed_limit: int, committed_unit: str,
                         penalty: bool = False) -> list[dict]:
        return services.flow_validate(payload, department=department, committed_limit=committed_limit,
                                      committed_unit=committed_unit, penalty=penalty)

    def validate_payloads(self, items) -> list[list[dict]]:
        """Batched ``validate_payload`` for imports: (payload, department, committed_limit, committed_unit,
        penalty) items."""
        return services.flow_validate_many(items)

    def write_many(self, pairs) -> None:
        services.flow_write_many(pairs)

    def read_many(self, versions) -> dict:
        return services.flow_read_many(versions)


def register() -> None:
    register_flowcharts(Flowcharts())
