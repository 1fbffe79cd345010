"""Operators' skills for portal requests, edited by supervisors: the topics (ticket
categories) each operator takes requests on, and the languages they speak (a request is
offered only to operators with its topic, or its parent category, and its language).

Written where the requests are routed: the central database on a central desk (a
supervisor may write reference data there; the change comes down to every desk with the
next pull), the desk's own file on the embedded one. Bad input changes nothing.
"""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, delete, insert, or_, select, update

from app.db.models import Operator, TicketCategory
from app.db.portal_models import OperatorSkill
from app.db.types import new_id, utcnow

_LANGUAGE = re.compile(r"[a-z]{2}")


class Problem(enum.StrEnum):
    LANGUAGE = "not a language code"
    NO_LANGUAGE = "at least one language is needed"
    TOPIC = "a topic that is not a ticket category"
    OPERATOR = "no such operator"


class SkillsRefused(ValueError):
    """The skills cannot be saved as given: ``problem`` says what, ``detail`` what was typed."""

    def __init__(self, problem: Problem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class OperatorSkills:
    operator_id: uuid.UUID
    login: str
    full_name: str
    languages: tuple[str, ...]
    topics: frozenset[uuid.UUID]


def parse_languages(text: str) -> tuple[str, ...]:
    """'ru, en' as ('ru', 'en'); SkillsRefused for anything but two-letter codes."""
    codes = [part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()]
    wrong = [code for code in codes if not _LANGUAGE.fullmatch(code)]
    if wrong:
        raise SkillsRefused(Problem.LANGUAGE, ", ".join(wrong))
    if not codes:
        raise SkillsRefused(Problem.NO_LANGUAGE)
    return tuple(dict.fromkeys(codes))


class SkillsService:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def operators(self) -> list[OperatorSkills]:
        """Every active operator with their topics and languages, by name."""
        with self._engine.connect() as connection:
            people = connection.execute(
                select(Operator.id, Operator.login, Operator.full_name, Operator.languages)
                .where(Operator.is_active.is_(True), Operator.deleted_at.is_(None))
                .order_by(Operator.full_name)
            ).all()
            skills = connection.execute(
                select(OperatorSkill.operator_id, OperatorSkill.category_id).where(
                    OperatorSkill.deleted_at.is_(None)
                )
            ).all()
        topics: dict[uuid.UUID, set[uuid.UUID]] = {}
        for operator_id, category_id in skills:
            topics.setdefault(operator_id, set()).add(category_id)
        return [
            OperatorSkills(
                row.id,
                row.login,
                row.full_name,
                tuple(part.strip() for part in row.languages.split(",") if part.strip()),
                frozenset(topics.get(row.id, ())),
            )
            for row in people
        ]

    def save(self, operator_id: uuid.UUID, topics: Iterable[uuid.UUID], languages: str) -> None:
        """The operator's topics and languages become exactly these, in one transaction."""
        codes = parse_languages(languages)
        wanted = set(topics)
        with self._engine.begin() as connection:
            known = set(
                connection.scalars(
                    select(TicketCategory.id).where(
                        TicketCategory.id.in_(wanted), TicketCategory.deleted_at.is_(None)
                    )
                )
            )
            if wanted - known:
                raise SkillsRefused(Problem.TOPIC)
            changed = connection.execute(
                update(Operator)
                .where(Operator.id == operator_id, Operator.deleted_at.is_(None))
                .values(
                    languages=",".join(codes),
                    version=Operator.version + 1,
                    updated_at=utcnow(),
                )
            )
            if getattr(changed, "rowcount", 0) != 1:
                raise SkillsRefused(Problem.OPERATOR)
            s = OperatorSkill
            connection.execute(  # gone: what is not wanted, and what was withdrawn before
                delete(s).where(
                    s.operator_id == operator_id,
                    or_(s.category_id.not_in(wanted), s.deleted_at.is_not(None)),
                )
            )
            held = set(
                connection.scalars(select(s.category_id).where(s.operator_id == operator_id))
            )
            now = utcnow()
            for category_id in wanted - held:
                connection.execute(
                    insert(OperatorSkill).values(
                        id=new_id(),
                        operator_id=operator_id,
                        category_id=category_id,
                        created_at=now,
                        updated_at=now,
                        version=1,
                    )
                )
