"""Portal requests kept in the desk's own file: the embedded desk's inbox (its demo
requests, or a site without a central server). The same rules as the server's functions
(app/sync/portal_requests.py): a request is offered to operators whose skills hold its
topic (the category or the subcategory's parent) and whose languages hold its language,
oldest first; a claim is one conditional UPDATE, so it succeeds for one operator only;
only the operator who holds a request records attempts or links its ticket."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, or_, select, update
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Operator, OperatorRole, TicketCategory
from app.db.portal_models import OperatorSkill, PortalRequest, PortalRequestFile, RequestStatus
from app.db.types import reference_id
from app.domain.clock import utc_now
from app.portal.inbox import FileView, RequestTaken, RequestView

_OPEN = (RequestStatus.TAKEN, RequestStatus.CALL_ATTEMPTED)


def languages_of(text: str) -> list[str]:
    """``operators.languages`` ('ru,en') as a list."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _listed(query: Select[Any]) -> Select[Any]:
    files = (
        select(func.count(PortalRequestFile.id))
        .where(PortalRequestFile.request_id == PortalRequest.id)
        .scalar_subquery()
    )
    return query.add_columns(files).order_by(PortalRequest.created_at, PortalRequest.id)


def view(row: PortalRequest, files: int = 0) -> RequestView:
    return RequestView(
        id=row.id,
        number=row.number,
        citizen_id=row.citizen_id,
        category_id=row.category_id,
        text=row.text,
        language=row.language,
        callback_phone=row.callback_phone,
        window_start=row.window_start,
        window_end=row.window_end,
        status=row.status,
        created_at=row.created_at,
        operator_id=row.operator_id,
        claimed_at=row.claimed_at,
        ticket_id=row.ticket_id,
        attempts=row.attempts,
        last_attempt_at=row.last_attempt_at,
        next_attempt_at=row.next_attempt_at,
        files=files,
    )


def _unclaimed() -> Select[Any]:
    r = PortalRequest
    return select(r).where(
        r.operator_id.is_(None), r.status == RequestStatus.RECEIVED, r.deleted_at.is_(None)
    )


def skilled(session: Session, operator_id: uuid.UUID) -> tuple[list[uuid.UUID], list[str]]:
    """The operator's topics and languages."""
    operator = session.get(Operator, operator_id)
    if operator is None or not operator.is_active or operator.deleted_at is not None:
        return [], []
    topics = session.scalars(
        select(OperatorSkill.category_id).where(
            OperatorSkill.operator_id == operator_id, OperatorSkill.deleted_at.is_(None)
        )
    ).all()
    return list(topics), languages_of(operator.languages)


def _offered(session: Session, operator_id: uuid.UUID) -> Select[Any] | None:
    """The unclaimed requests offered to the operator (None: none can be)."""
    topics, languages = skilled(session, operator_id)
    if not topics or not languages:
        return None
    parent = (
        select(TicketCategory.parent_id)
        .where(TicketCategory.id == PortalRequest.category_id)
        .scalar_subquery()
    )
    return _unclaimed().where(
        PortalRequest.language.in_(languages),
        or_(PortalRequest.category_id.in_(topics), parent.in_(topics)),
    )


#: The embedded desk's single local profile, when no operator is named in the settings: a
#: row of its own, so a request it claims names somebody (a supervisor: it may take any).
LOCAL_PROFILE = reference_id("operator", "local")


def local_profile(session: Session) -> uuid.UUID:
    """The local profile's operators row, added on first use."""
    if session.get(Operator, LOCAL_PROFILE) is None:
        session.add(
            Operator(
                id=LOCAL_PROFILE,
                login="local",
                full_name="Оператор этой рабочей станции",
                role=OperatorRole.SUPERVISOR,
                languages="ru,en",
            )
        )
        session.flush()
    return LOCAL_PROFILE


class LocalRequests:
    """A :class:`~app.portal.inbox.RequestStore` over the desk's database."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def offered(self, operator_id: uuid.UUID) -> list[RequestView]:
        def work(session: Session) -> list[RequestView]:
            query = _offered(session, operator_id)
            if query is None:
                return []
            return [view(row, files) for row, files in session.execute(_listed(query))]

        return self._db.read(work)

    def unclaimed(self) -> list[RequestView]:
        return self._db.read(
            lambda session: [view(r, n) for r, n in session.execute(_listed(_unclaimed()))]
        )

    def mine(self, operator_id: uuid.UUID) -> list[RequestView]:
        r = PortalRequest
        query = select(r).where(r.operator_id == operator_id, r.status.in_(_OPEN))
        return self._db.read(
            lambda session: [view(row, n) for row, n in session.execute(_listed(query))]
        )

    def claim(self, request_id: uuid.UUID, operator_id: uuid.UUID) -> RequestView:
        def work(session: Session) -> RequestView:
            operator = session.get(Operator, operator_id)
            supervisor = operator is not None and operator.role == OperatorRole.SUPERVISOR
            offered = _unclaimed() if supervisor else _offered(session, operator_id)
            if offered is None:
                raise RequestTaken(str(request_id))
            r = PortalRequest
            taken = session.execute(
                update(r)
                .where(r.id == request_id, r.operator_id.is_(None))
                .where(r.id.in_(offered.with_only_columns(r.id).scalar_subquery()))
                .values(
                    operator_id=operator_id,
                    status=RequestStatus.TAKEN,
                    claimed_at=utc_now(),
                    version=r.version + 1,
                    updated_at=utc_now(),
                )
                .execution_options(synchronize_session=False)
            )
            if getattr(taken, "rowcount", 0) != 1:
                raise RequestTaken(str(request_id))
            return self._one(session, request_id)

        return self._db.write(work).result()

    def files(self, request_id: uuid.UUID) -> list[FileView]:
        f = PortalRequestFile
        query = select(f).where(f.request_id == request_id, f.deleted_at.is_(None))
        return self._db.read(
            lambda session: [
                FileView(row.id, row.file_name, row.media_type, row.content)
                for row in session.scalars(query.order_by(f.created_at, f.file_name))
            ]
        )

    def attempted(
        self,
        request_id: uuid.UUID,
        operator_id: uuid.UUID,
        *,
        at: datetime,
        next_at: datetime | None,
    ) -> RequestView:
        r = PortalRequest
        return self._change(
            request_id,
            operator_id,
            attempts=r.attempts + 1,
            last_attempt_at=at,
            next_attempt_at=next_at,
            # "call attempted", unless its ticket was resolved meanwhile
            status=case(
                (r.status == RequestStatus.RESOLVED, r.status),
                else_=RequestStatus.CALL_ATTEMPTED,
            ),
        )

    def link_ticket(
        self, request_id: uuid.UUID, operator_id: uuid.UUID, ticket_id: uuid.UUID
    ) -> RequestView:
        return self._change(request_id, operator_id, ticket_id=ticket_id)

    def _change(self, request_id: uuid.UUID, operator_id: uuid.UUID, **values: Any) -> RequestView:
        def work(session: Session) -> RequestView:
            r = PortalRequest
            changed = session.execute(
                update(r)
                .where(r.id == request_id, r.operator_id == operator_id)
                .values(**values, version=r.version + 1, updated_at=utc_now())
                .execution_options(synchronize_session=False)
            )
            if getattr(changed, "rowcount", 0) != 1:
                raise RequestTaken(str(request_id))
            return self._one(session, request_id)

        return self._db.write(work).result()

    @staticmethod
    def _one(session: Session, request_id: uuid.UUID) -> RequestView:
        session.expire_all()
        row = session.get(PortalRequest, request_id)
        assert row is not None
        return view(row)
