"""Demo portal requests for the embedded desk: what the portal would write when citizens
leave requests in their personal accounts (`hotline-desk demo portal-request`, which
`make run` runs once). Three requests on different topics and languages, one with a
screenshot and a scanned statement; any later one as the command is told.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.demo_citizens import DEMO_CALLER
from app.db.models import Citizen, TicketCategory
from app.db.portal_models import PortalRequest, PortalRequestFile
from app.db.types import reference_id
from app.domain.clock import MOSCOW, utc_now
from app.paths import resource_path

SCREENSHOT = ("portal-error.png", "ошибка-при-загрузке.png")
STATEMENT = ("portal-statement.pdf", "заявление.pdf")
MAX_FILE_BYTES = 10 * 1024 * 1024


class RequestRefused(ValueError):
    """The request cannot be made as asked; the message says why, in one line."""


@dataclass(frozen=True)
class DemoRequest:
    topic: str
    language: str
    text: str
    minutes_ago: int
    window: tuple[time, time] | None = None
    files: tuple[tuple[str, str], ...] = ()  # (resource under demo/, name the citizen gave)
    phone: str = ""  # the demo citizen's, else the first one's


FIRST = (
    DemoRequest(
        "technical.upload_500", "ru",
        "При загрузке скана паспорта в заявлении на загранпаспорт каждый раз появляется "
        "ошибка 500. Пробовал в разные дни, с компьютера и с телефона. Снимок экрана и "
        "заявление прилагаю. Перезвоните, пожалуйста, вечером.",
        50, (time(18, 0), time(21, 0)), (SCREENSHOT, STATEMENT), DEMO_CALLER.phone,
    ),
    DemoRequest(
        "sign_in", "ru",
        "Не могу войти в личный кабинет: после ввода кода из SMS страница просто "
        "обновляется и снова просит пароль.",
        25,
    ),
    DemoRequest(
        "mfc", "en",
        "I booked an appointment at an MFC office through the portal but got no "
        "confirmation. Is my appointment still there?",
        10, (time(9, 0), time(12, 0)),
    ),
)  # fmt: skip


def next_number(session: Session, now: datetime) -> str:
    """ "П-DDMM-NNNN": the day (Moscow) and a running count, as the portal would print it."""
    count = session.scalar(select(func.count()).select_from(PortalRequest)) or 0
    return f"П-{now.astimezone(MOSCOW):%d%m}-{count + 1:04d}"


def add_request(
    session: Session,
    request: DemoRequest,
    *,
    phone: str = "",
    extra: tuple[Path, ...] = (),
    now: datetime | None = None,
) -> str:
    """One request from a demo citizen (the one with ``phone``, else the demo caller);
    returns its number. :class:`RequestRefused` for an unknown topic or a bad file."""
    now = now or utc_now()
    category = session.get(TicketCategory, reference_id("category", request.topic))
    if category is None or category.deleted_at is not None:
        raise RequestRefused(f"no topic {request.topic!r}: use a ticket category's code")
    category_id = category.id
    query = select(Citizen).order_by(Citizen.snils)
    citizen = session.scalars(query.where(Citizen.phone == phone) if phone else query).first()
    if citizen is None:
        raise RequestRefused(f"no demo citizen with the phone {phone}" if phone else "no citizens")
    files = [(resource_path("demo", source), name) for source, name in request.files]
    files += [(path, path.name) for path in extra]
    for path, _ in files:
        if not path.is_file():
            raise RequestRefused(f"no such file: {path}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RequestRefused(f"{path.name} is larger than 10 MB")
    number = next_number(session, now)
    row = PortalRequest(
        number=number,
        citizen_id=citizen.id,
        category_id=category_id,
        text=request.text,
        language=request.language,
        callback_phone=citizen.phone or phone,
        window_start=request.window[0] if request.window else None,
        window_end=request.window[1] if request.window else None,
        created_at=now - timedelta(minutes=request.minutes_ago),
    )
    session.add(row)
    session.flush()
    for path, name in files:
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        session.add(
            PortalRequestFile(
                request_id=row.id, file_name=name, media_type=media, content=path.read_bytes()
            )
        )
    return number


def seed_portal_requests(session: Session, now: datetime | None = None) -> list[str]:
    """The three first demo requests, once (nothing when any request exists)."""
    if session.scalar(select(func.count()).select_from(PortalRequest)):
        return []
    return [add_request(session, request, phone=request.phone, now=now) for request in FIRST]
