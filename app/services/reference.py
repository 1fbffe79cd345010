"""Read-only views of the reference data (lines, operators, departments, categories)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Department, Line, Operator, TicketCategory
from app.domain.clock import is_open


@dataclass(frozen=True)
class LineInfo:
    id: uuid.UUID
    code: str
    name_ru: str
    name_en: str
    phone_number: str
    opens_at: time
    closes_at: time
    timezone: str
    languages: tuple[str, ...]

    def name(self, language: str) -> str:
        return self.name_ru if language == "ru" else self.name_en

    def is_open(self, moment: datetime) -> bool:
        return is_open(moment, self.opens_at, self.closes_at, self.timezone)


@dataclass(frozen=True)
class OperatorInfo:
    id: uuid.UUID
    login: str
    full_name: str
    role: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class DepartmentInfo:
    id: uuid.UUID
    code: str
    name_ru: str
    name_en: str
    extension: str

    def name(self, language: str) -> str:
        return self.name_ru if language == "ru" else self.name_en


@dataclass(frozen=True)
class CategoryInfo:
    """A category or subcategory, with what a subcategory inherits from its parent (the
    department, the form, the review days) already filled in."""

    id: uuid.UUID
    code: str
    parent_id: uuid.UUID | None
    name_ru: str
    name_en: str
    department_id: uuid.UUID | None
    form: str
    review_days: int | None

    def name(self, language: str) -> str:
        return self.name_ru if language == "ru" else self.name_en


@dataclass(frozen=True)
class ReferenceCounts:
    operators: int
    departments: int
    lines: int
    categories: int


class ReferenceService:
    """Lines, operators and counts, read from the desk's database."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def lines(self) -> list[LineInfo]:
        def work(session: Session) -> list[LineInfo]:
            rows = session.scalars(
                select(Line).where(Line.deleted_at.is_(None)).order_by(Line.code)
            )
            return [
                LineInfo(
                    row.id,
                    row.code,
                    row.name_ru,
                    row.name_en,
                    row.phone_number,
                    row.opens_at,
                    row.closes_at,
                    row.timezone,
                    tuple(row.languages.split(",")),
                )
                for row in rows
            ]

        return self._db.read(work)

    def operators(self) -> list[OperatorInfo]:
        def work(session: Session) -> list[OperatorInfo]:
            rows = session.scalars(
                select(Operator)
                .where(Operator.deleted_at.is_(None), Operator.is_active.is_(True))
                .order_by(Operator.login)
            )
            return [
                OperatorInfo(
                    row.id,
                    row.login,
                    row.full_name,
                    row.role.value,
                    tuple(row.languages.split(",")),
                )
                for row in rows
            ]

        return self._db.read(work)

    def departments(self) -> list[DepartmentInfo]:
        """Departments a call can be transferred to, by name."""

        def work(session: Session) -> list[DepartmentInfo]:
            rows = session.scalars(
                select(Department).where(Department.deleted_at.is_(None)).order_by(Department.code)
            )
            return [
                DepartmentInfo(row.id, row.code, row.name_ru, row.name_en, row.extension)
                for row in rows
            ]

        return self._db.read(work)

    def categories(self) -> list[CategoryInfo]:
        """Categories in their order, each parent followed by its subcategories."""

        def work(session: Session) -> list[CategoryInfo]:
            rows = list(
                session.scalars(
                    select(TicketCategory)
                    .where(TicketCategory.deleted_at.is_(None))
                    .order_by(TicketCategory.sort_order, TicketCategory.code)
                )
            )
            by_id = {row.id: row for row in rows}
            infos = []
            for row in rows:
                parent = by_id.get(row.parent_id) if row.parent_id else None
                infos.append(
                    CategoryInfo(
                        row.id,
                        row.code,
                        row.parent_id,
                        row.name_ru,
                        row.name_en,
                        row.department_id or (parent.department_id if parent else None),
                        row.form or (parent.form if parent else ""),
                        row.review_days or (parent.review_days if parent else None),
                    )
                )
            return infos

        return self._db.read(work)

    def counts(self) -> ReferenceCounts:
        def count(
            session: Session, model: type[Operator | Department | Line | TicketCategory]
        ) -> int:
            live = select(func.count()).select_from(model).where(model.deleted_at.is_(None))
            return int(session.scalar(live) or 0)

        def work(session: Session) -> ReferenceCounts:
            return ReferenceCounts(
                count(session, Operator),
                count(session, Department),
                count(session, Line),
                count(session, TicketCategory),
            )

        return self._db.read(work)
