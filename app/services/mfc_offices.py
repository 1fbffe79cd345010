"""The MFC offices (service centres) as the operator tells a caller where to go: each office's
address, hours and working days (Moscow time), the portal services it gives, and the queue
load its queue system last published (reference data, pulled to every desk). Offices are
listed with the shortest known wait first; a load older than ``STALE_AFTER`` is not trusted
and counts as unknown. Pure data: the words a person reads are the UI's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.application_models import MfcOffice, PortalService
from app.db.database import Database
from app.domain.clock import moscow_time, utc_now

#: A queue load published longer ago than this is not told to callers.
STALE_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class ServiceInfo:
    """A portal service an office gives (its code alone when the service is not known)."""

    code: str
    name_ru: str
    name_en: str

    def name(self, language: str) -> str:
        return self.name_ru if language == "ru" else self.name_en


@dataclass(frozen=True)
class OfficeInfo:
    id: uuid.UUID
    code: str
    name_ru: str
    name_en: str
    address: str
    opens_at: time | None  # Moscow wall-clock; None: hours not known
    closes_at: time | None
    weekdays: str  # seven '0'/'1', Monday first
    services: tuple[ServiceInfo, ...]
    queue_waiting: int | None
    queue_minutes: int | None
    queue_updated_at: datetime | None  # UTC

    def name(self, language: str) -> str:
        return self.name_ru if language == "ru" else self.name_en

    @property
    def hours_known(self) -> bool:
        return self.opens_at is not None and self.closes_at is not None

    def works_on(self, weekday: int) -> bool:
        """Whether the office works on ``weekday`` (0 Monday … 6 Sunday)."""
        return self.weekdays[weekday : weekday + 1] == "1"

    def is_open(self, moment: datetime) -> bool:
        """Open at ``moment`` (aware), by its hours and working days in Moscow; hours past
        midnight belong to the day they began; equal times mean all day. Unknown hours:
        not open."""
        if self.opens_at is None or self.closes_at is None:
            return False
        local = moscow_time(moment)
        now, today = local.time().replace(tzinfo=None), local.weekday()
        if self.opens_at == self.closes_at:
            return self.works_on(today)
        if self.opens_at < self.closes_at:
            return self.works_on(today) and self.opens_at <= now < self.closes_at
        if now >= self.opens_at:
            return self.works_on(today)
        return now < self.closes_at and self.works_on((today - 1) % 7)

    def gives(self, service_code: str) -> bool:
        return any(service.code == service_code for service in self.services)

    def load_age(self, now: datetime) -> timedelta | None:
        """How long ago the queue load was published; None when it never was."""
        if self.queue_updated_at is None:
            return None
        return now - self.queue_updated_at

    def load_known(self, now: datetime) -> bool:
        """A load was published, says something, and is at most ``STALE_AFTER`` old."""
        age = self.load_age(now)
        return (
            age is not None
            and age <= STALE_AFTER
            and (self.queue_waiting is not None or self.queue_minutes is not None)
        )

    def sort_key(self, now: datetime) -> tuple[int, int, str, str]:
        """The shortest known wait first; unknown or stale waits last; then by name."""
        if self.load_known(now) and self.queue_minutes is not None:
            return (0, self.queue_minutes, self.name_ru, self.code)
        return (1, 0, self.name_ru, self.code)


class MfcOffices:
    """The offices and the services they give, read from the desk's database."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def offices(
        self, service_code: str | None = None, now: datetime | None = None
    ) -> list[OfficeInfo]:
        """All offices, or those giving ``service_code``; the shortest known wait (at ``now``,
        by default the present) first, unknown and stale ones last, then by name."""
        moment = now or utc_now()
        found = self._db.read(_offices)
        if service_code is not None:
            found = [office for office in found if office.gives(service_code)]
        return sorted(found, key=lambda office: office.sort_key(moment))

    def services(self) -> list[ServiceInfo]:
        """Every portal service, by its Russian name (the filter's choices)."""

        def work(session: Session) -> list[ServiceInfo]:
            rows = session.scalars(
                select(PortalService)
                .where(PortalService.deleted_at.is_(None))
                .order_by(PortalService.name_ru)
            )
            return [ServiceInfo(row.code, row.name_ru, row.name_en) for row in rows]

        return self._db.read(work)


def _offices(session: Session) -> list[OfficeInfo]:
    services = {
        row.code: ServiceInfo(row.code, row.name_ru, row.name_en)
        for row in session.scalars(select(PortalService).where(PortalService.deleted_at.is_(None)))
    }
    rows = session.scalars(select(MfcOffice).where(MfcOffice.deleted_at.is_(None)))
    return [
        OfficeInfo(
            id=row.id,
            code=row.code,
            name_ru=row.name_ru,
            name_en=row.name_en,
            address=row.address,
            opens_at=row.opens_at,
            closes_at=row.closes_at,
            weekdays=row.weekdays,
            services=tuple(
                services.get(code, ServiceInfo(code, code, code)) for code in row.services or ()
            ),
            queue_waiting=row.queue_waiting,
            queue_minutes=row.queue_minutes,
            queue_updated_at=row.queue_updated_at,
        )
        for row in rows
    ]
