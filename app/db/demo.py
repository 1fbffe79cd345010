"""Seeds reference data (lines, departments, operators, categories) from resources/demo.

Reference rows get stable keys derived from their codes, so every desktop that
seeds the same data holds the same rows and sync never sees them as conflicts.
Seeding is idempotent: rows that exist are left as they are.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Department, Line, Operator, OperatorRole, TicketCategory
from app.db.types import reference_id
from app.paths import resource_path

log = logging.getLogger(__name__)


def load_reference(path: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    source = path or resource_path("demo", "reference.json")
    data: dict[str, list[dict[str, Any]]] = json.loads(source.read_text(encoding="utf-8"))
    return data


def _existing(session: Session, model: type[Any], attr: str) -> set[str]:
    return set(session.scalars(select(getattr(model, attr))))


def seed_reference(session: Session, data: dict[str, list[dict[str, Any]]] | None = None) -> int:
    """Add the reference rows that are missing; returns how many were added."""
    data = data or load_reference()
    added: list[Any] = []

    have = _existing(session, Line, "code")
    for row in data.get("lines", []):
        if row["code"] not in have:
            fields = dict(row)
            fields["opens_at"] = time.fromisoformat(row["opens_at"])
            fields["closes_at"] = time.fromisoformat(row["closes_at"])
            added.append(Line(id=reference_id("line", row["code"]), **fields))

    have = _existing(session, Department, "code")
    added += [
        Department(id=reference_id("department", row["code"]), **row)
        for row in data.get("departments", [])
        if row["code"] not in have
    ]
    for row in data.get("departments", []):  # rows seeded before extensions existed
        department = session.get(Department, reference_id("department", row["code"]))
        if department is not None and not department.extension and row.get("extension"):
            department.extension = row["extension"]

    have = _existing(session, Operator, "login")
    for row in data.get("operators", []):
        if row["login"] not in have:
            fields = dict(row, role=OperatorRole(row["role"]))
            added.append(Operator(id=reference_id("operator", row["login"]), **fields))

    have = _existing(session, TicketCategory, "code")
    for order, row in enumerate(data.get("categories", [])):
        fields = {k: v for k, v in row.items() if k not in ("parent", "department")}
        department = row.get("department")
        department_id = reference_id("department", department) if department else None
        if row["code"] in have:
            _fill_category(session, row["code"], department_id, fields.get("form", ""))
            continue
        parent = row.get("parent")
        added.append(
            TicketCategory(
                id=reference_id("category", row["code"]),
                parent_id=reference_id("category", parent) if parent else None,
                department_id=department_id,
                sort_order=order,
                **fields,
            )
        )

    # Parents before children: categories are listed parent-first in the file.
    for row_object in added:
        session.add(row_object)
        session.flush()
    if added:
        log.info("seeded %d reference rows", len(added))
    return len(added)


def _fill_category(session: Session, code: str, department_id: uuid.UUID | None, form: str) -> None:
    """Rows seeded before categories named a department and a form get them (once; an
    administrator's later choice is never overwritten)."""
    category = session.get(TicketCategory, reference_id("category", code))
    if category is None:
        return
    if category.department_id is None and department_id is not None:
        category.department_id = department_id
    if not category.form and form:
        category.form = form
