"""Demo portal services, rejection reasons and applications with their stage histories.

Services and reasons are reference data (stable keys, the same on every desk). The
applications belong to the demo citizens (app/db/demo_citizens.py) — the demo caller has
three: one on its way, one overdue, one rejected — and their times are set relative to
the moment of seeding, so the demo always has something late and something in progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.application_models import (
    Application,
    ApplicationReason,
    ApplicationStep,
    MfcOffice,
    MfcSlot,
    Parameter,
    PortalService,
    Stage,
)
from app.db.demo_citizens import DEMO_CALLER, demo_citizens
from app.db.models import Department
from app.db.types import reference_id
from app.domain.clock import MOSCOW, utc_now

#: code, Russian name, English name, days to a decision, department code
SERVICES = (
    ("egrn_extract", "Выписка из ЕГРН об объекте недвижимости",
     "Extract from the real estate register", 3, "services"),
    ("passport_replacement", "Замена паспорта гражданина РФ",
     "Replacement of the Russian passport", 30, "services"),
    ("child_benefit", "Единое пособие на детей", "Unified child benefit", 10, "services"),
    ("doctor_appointment", "Запись на приём к врачу", "Doctor's appointment", 1, "services"),
    ("driving_licence", "Замена водительского удостоверения",
     "Replacement of a driving licence", 15, "services"),
)  # fmt: skip

_PHONE, _EMAIL, _VISIT = Parameter.CONTACT_PHONE, Parameter.CONTACT_EMAIL, Parameter.VISIT_ON
#: What each service lets the applicant change once the application is in.
CHANGEABLE = {
    "egrn_extract": (_PHONE, _EMAIL),
    "passport_replacement": (_PHONE, _VISIT),
    "child_benefit": (_PHONE, _EMAIL),
    "doctor_appointment": (_VISIT,),
    "driving_licence": (_PHONE, _VISIT),
}

#: code, Russian text, English text, the knowledge-base article with the guidance
REASONS = (
    ("documents_missing", "Не хватает документов", "Documents are missing",
     "application-next-step-documents"),
    ("data_mismatch", "Сведения в заявлении не совпадают с данными ведомства",
     "The application's data do not match the agency's records", "application-rejected-reasons"),
    ("no_entitlement", "Не выполнены условия для получения услуги",
     "The conditions for the service are not met", "application-rejected-reasons"),
    ("scan_unreadable", "Скан документа не читается", "A scanned document cannot be read",
     "application-returned"),
    ("duplicate", "Такое заявление уже подано", "The same application was already submitted",
     "application-returned"),
    ("fee_unpaid", "Госпошлина не оплачена", "The state fee was not paid",
     "application-returned"),
)  # fmt: skip


@dataclass(frozen=True)
class DemoApplication:
    number: str
    service: str
    owner: int  # which demo citizen: 0 is the demo caller
    path: tuple[tuple[Stage, int], ...]  # stages with days before seeding
    expected_in: int  # days from seeding (negative: already late)
    reason: str = ""
    note: str = ""
    documents: tuple[str, ...] = field(default_factory=tuple)
    visit_in: int | None = None  # days from seeding to the visit in person, if there is one


APPLICATIONS = (
    DemoApplication("2048531976", "egrn_extract", 0,
                    ((Stage.SUBMITTED, 2), (Stage.REGISTERED, 2), (Stage.UNDER_REVIEW, 1)), 1),
    DemoApplication("2031877405", "passport_replacement", 0,
                    ((Stage.SUBMITTED, 41), (Stage.REGISTERED, 40), (Stage.UNDER_REVIEW, 38)),
                    -11, visit_in=9),
    DemoApplication("2044610328", "child_benefit", 0,
                    ((Stage.SUBMITTED, 12), (Stage.REGISTERED, 12), (Stage.UNDER_REVIEW, 9),
                     (Stage.REJECTED, 3)), -2, "no_entitlement",
                    "Доход семьи выше порога на дату подачи заявления"),
    DemoApplication("2039002214", "doctor_appointment", 1,
                    ((Stage.SUBMITTED, 6), (Stage.COMPLETED, 6)), -5),
    DemoApplication("2047715530", "passport_replacement", 2,
                    ((Stage.SUBMITTED, 8), (Stage.RETURNED, 6)), 22, "scan_unreadable",
                    "Страница с фотографией снята с бликом",
                    ("Скан страниц 2-3 паспорта без бликов", "Фотография 35×45 мм")),
    DemoApplication("2045120987", "child_benefit", 3,
                    ((Stage.SUBMITTED, 7), (Stage.REGISTERED, 7),
                     (Stage.DOCUMENTS_REQUESTED, 4)), 6, "documents_missing", "",
                    ("Справка о доходах за 12 месяцев",)),
    DemoApplication("2036648871", "egrn_extract", 4,
                    ((Stage.SUBMITTED, 9), (Stage.REGISTERED, 8), (Stage.UNDER_REVIEW, 8)), -3),
    DemoApplication("2049983312", "driving_licence", 5,
                    ((Stage.SUBMITTED, 3), (Stage.REGISTERED, 2)), 12, visit_in=14),
)  # fmt: skip


def seed_application_reference(session: Session) -> int:
    """The services and reasons that are missing; returns how many were added. A demo
    service from before services said what may be changed learns it here."""
    for service in session.scalars(select(PortalService).where(PortalService.code.in_(CHANGEABLE))):
        if not service.changeable:
            service.changeable = [p.value for p in CHANGEABLE[service.code]]
    have_services = set(session.scalars(select(PortalService.code)))
    have_reasons = set(session.scalars(select(ApplicationReason.code)))
    added = 0
    for code, name_ru, name_en, days, department in SERVICES:
        if code not in have_services:
            department_id = session.scalar(
                select(Department.id).where(Department.code == department)
            )
            session.add(
                PortalService(
                    id=reference_id("portal-service", code),
                    code=code,
                    name_ru=name_ru,
                    name_en=name_en,
                    term_days=days,
                    department_id=department_id,
                    changeable=[p.value for p in CHANGEABLE[code]],
                )
            )
            added += 1
    for code, text_ru, text_en, slug in REASONS:
        if code not in have_reasons:
            session.add(
                ApplicationReason(
                    id=reference_id("application-reason", code),
                    code=code,
                    text_ru=text_ru,
                    text_en=text_en,
                    kb_slug=slug,
                )
            )
            added += 1
    session.flush()
    return added


def seed_applications(session: Session, now: datetime | None = None) -> int:
    """The demo applications, once (after the demo citizens); returns how many were added."""
    seed_application_reference(session)
    if session.scalar(select(func.count()).select_from(Application)):
        return 0
    now = now or utc_now()
    people = [person for _, person in zip(range(6), demo_citizens(), strict=False)]
    owners = [person.snils for person in people]
    assert owners[0] == DEMO_CALLER.snils
    for demo in APPLICATIONS:
        application_id = reference_id("application", demo.number)
        steps = [(stage, now - timedelta(days=days, hours=3)) for stage, days in demo.path]
        session.add(
            Application(
                id=application_id,
                number=demo.number,
                service_id=reference_id("portal-service", demo.service),
                citizen_id=reference_id("citizen", owners[demo.owner]),
                submitted_at=steps[0][1],
                stage=steps[-1][0],
                stage_at=steps[-1][1],
                expected_at=now + timedelta(days=demo.expected_in),
                reason_id=reference_id("application-reason", demo.reason) if demo.reason else None,
                reason_note=demo.note,
                documents=list(demo.documents),
                contact_phone=people[demo.owner].phone,
                contact_email=people[demo.owner].email,
                visit_on=_visit(now, demo.visit_in),
            )
        )
        for stage, at in steps:
            session.add(ApplicationStep(application_id=application_id, stage=stage, at=at))
    session.flush()
    return len(APPLICATIONS)


def _visit(now: datetime, days: int | None) -> date | None:
    return None if days is None else (now.astimezone(MOSCOW) + timedelta(days=days)).date()


#: code, Russian name, English name, address
OFFICES = (
    ("mfc_tverskoy", "МФЦ района Тверской", "Tverskoy district MFC",
     "Москва, ул. Тверская, 7"),
    ("mfc_arbat", "МФЦ района Арбат", "Arbat district MFC", "Москва, ул. Новый Арбат, 11"),
    ("mfc_kazan_center", "МФЦ «Центральный», Казань", "Central MFC, Kazan",
     "Казань, ул. Баумана, 20"),
)  # fmt: skip
SLOT_MINUTES = 30
DAYS_AHEAD = 7


@dataclass(frozen=True)
class OfficeDetails:
    """An office's hours (Moscow time), working days (Monday first), services by code and the
    queue load its queue system last published, ``published`` minutes before seeding."""

    opens_at: time
    closes_at: time
    weekdays: str
    services: tuple[str, ...]
    waiting: int
    minutes: int
    published: int


_MOSCOW_OFFICE = ("egrn_extract", "passport_replacement", "child_benefit")
#: The demo offices' details by office code (the doctor's appointment is not given at an MFC).
DETAILS = {
    "mfc_tverskoy": OfficeDetails(
        time(8), time(20), "1111111", (*_MOSCOW_OFFICE, "driving_licence"), 12, 25, 4
    ),
    "mfc_arbat": OfficeDetails(time(9), time(20), "1111110", _MOSCOW_OFFICE, 4, 10, 7),
    "mfc_kazan_center": OfficeDetails(
        time(9),
        time(19),
        "1111110",
        ("egrn_extract", "passport_replacement", "driving_licence"),
        21,
        40,
        3,
    ),
}


def seed_mfc(session: Session, now: datetime | None = None) -> int:
    """The demo offices and a week of half-hour slots (9:00-18:00 Moscow time), once; the
    demo caller holds one of them (an appointment to move or cancel); the offices' hours,
    services and queue load where they are missing (a desk seeded before they existed).
    Returns slots added."""
    if session.scalar(select(func.count()).select_from(MfcOffice)):
        seed_mfc_details(session, now)
        return 0
    now = now or utc_now()
    today = now.astimezone(MOSCOW).date()
    added = 0
    for code, name_ru, name_en, address in OFFICES:
        office_id = reference_id("mfc-office", code)
        session.add(
            MfcOffice(id=office_id, code=code, name_ru=name_ru, name_en=name_en, address=address)
        )
        for day in range(1, DAYS_AHEAD + 1):
            date_ = today + timedelta(days=day)
            for step in range(18):  # 9:00 … 17:30
                starts = datetime.combine(date_, datetime.min.time(), MOSCOW) + timedelta(
                    hours=9, minutes=SLOT_MINUTES * step
                )
                session.add(
                    MfcSlot(
                        id=reference_id("mfc-slot", f"{code}:{starts.isoformat()}"),
                        office_id=office_id,
                        starts_at=starts,
                        minutes=SLOT_MINUTES,
                    )
                )
                added += 1
    session.flush()
    first = today + timedelta(days=2)
    held = datetime.combine(first, datetime.min.time(), MOSCOW) + timedelta(hours=11)
    slot = session.get(MfcSlot, reference_id("mfc-slot", f"mfc_tverskoy:{held.isoformat()}"))
    if slot is not None:
        slot.citizen_id = reference_id("citizen", DEMO_CALLER.snils)
    seed_mfc_details(session, now)
    return added


def seed_mfc_details(session: Session, now: datetime | None = None) -> int:
    """The demo offices' hours, services and queue load, each where it is still unset (so
    what an office already has is kept); returns how many offices were changed."""
    now = now or utc_now()
    changed = 0
    offices = session.scalars(select(MfcOffice).where(MfcOffice.code.in_(DETAILS)))
    for office in offices:
        details, touched = DETAILS[office.code], False
        if office.opens_at is None and office.closes_at is None:
            office.opens_at, office.closes_at = details.opens_at, details.closes_at
            office.weekdays, touched = details.weekdays, True
        if not office.services:
            office.services, touched = list(details.services), True
        if office.queue_updated_at is None:
            office.queue_waiting, office.queue_minutes = details.waiting, details.minutes
            office.queue_updated_at = now - timedelta(minutes=details.published)
            touched = True
        changed += touched
    session.flush()
    return changed


def publish_demo_queues(session: Session, now: datetime | None = None) -> int:
    """What the MFCs' queue system would publish now: the demo offices' load, fresh (a
    demo desk opened days later would otherwise show every queue as unknown)."""
    now = now or utc_now()
    offices = list(session.scalars(select(MfcOffice).where(MfcOffice.code.in_(DETAILS))))
    for office in offices:
        details = DETAILS[office.code]
        office.queue_waiting, office.queue_minutes = details.waiting, details.minutes
        office.queue_updated_at = now - timedelta(minutes=details.published)
    session.flush()
    return len(offices)
