"""What goes up and what comes down: the pull's tables are exactly those migration 0014
stamps on the server, and citizens are never among them."""

from __future__ import annotations

import importlib.util

from app.db.engine import MIGRATIONS_DIR
from app.db.models import Base
from app.sync.outbox import PUSHED
from app.sync.pull import PULLED


def test_the_pull_reads_exactly_the_tables_the_migrations_stamp() -> None:
    stamped: list[str] = []
    for path in sorted((MIGRATIONS_DIR / "versions").glob("0*.py")):
        spec = importlib.util.spec_from_file_location(f"migration_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        stamped += getattr(migration, "PULLED", ()) + getattr(migration, "PULLED_ADDED", ())
    assert sorted(stamped) == sorted(PULLED)
    assert len(set(stamped)) == len(stamped)


def test_pulled_tables_come_parents_first_and_citizens_never_come_down() -> None:
    for position, name in enumerate(PULLED):  # a page is applied in this order
        parents = {fk.column.table.name for fk in Base.metadata.tables[name].foreign_keys}
        later = parents & set(PULLED[position + 1 :])
        assert not later, f"{name} comes before its parent {later}"
    assert "citizens" not in PULLED and "citizens" not in PUSHED
    assert {"call_records", "audit_events"} <= PUSHED - set(PULLED)  # own, never shared
    assert "account_requests" in PUSHED & set(PULLED)  # up, then their status comes back
