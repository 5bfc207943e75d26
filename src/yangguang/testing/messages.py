"""``make messages``: compile every app's ``locale/*/LC_MESSAGES/django.po`` to ``.mo``.

polib does it in Python, so no GNU gettext is needed on the machine. The compiled files are
committed; ``test_messages`` fails when one is out of date.
"""

import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parent.parent


def catalogs():
    return sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po"))


def stale() -> list[Path]:
    out = []
    for po_path in catalogs():
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.read_bytes() != _compiled(po_path):
            out.append(po_path)
    return out


def _compiled(po_path: Path) -> bytes:
    po = polib.pofile(str(po_path))
    return po.to_binary() if hasattr(po, "to_binary") else _mo_bytes(po)


def _mo_bytes(po) -> bytes:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".mo") as tmp:
        po.save_as_mofile(tmp.name)
        return Path(tmp.name).read_bytes()


def main() -> int:
    for po_path in catalogs():
        po_path.with_suffix(".mo").write_bytes(_compiled(po_path))
        print(f"compiled {po_path.relative_to(PACKAGE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
