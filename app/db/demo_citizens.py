"""Demo citizens: realistic portal accounts with valid check numbers, the same on every desk.

Made from a fixed random seed, so every demo desk has the same people and a tester can
dictate their data. One of them is the demo caller (the number the demo call comes from,
+79161234567), with documented documents and answer, so the verification wizard can be
tried through to the end on a fresh machine:

    Петров Иван Сергеевич, born 1985-03-14, SNILS 112-233-445 95, INN 500100732259,
    passport 4510 123456 issued 2005-04-20, security question "Кличка первого питомца?",
    answer "Мурка".

Security answers are stored as argon2 hashes; hashing takes tens of milliseconds, so the
demo's answers come from a short list and each distinct answer is hashed once.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AccountState, Citizen
from app.db.types import reference_id
from app.domain.validators import make_inn, make_snils
from app.verification.answers import hash_answer

SEED = 20261125
COUNT = 120

_MALE = [
    ("Иван", "Иванович"),
    ("Алексей", "Петрович"),
    ("Сергей", "Николаевич"),
    ("Дмитрий", "Андреевич"),
    ("Андрей", "Викторович"),
    ("Михаил", "Юрьевич"),
    ("Николай", "Сергеевич"),
    ("Павел", "Олегович"),
    ("Артём", "Игоревич"),
]
_FEMALE = [
    ("Анна", "Ивановна"),
    ("Ольга", "Петровна"),
    ("Мария", "Сергеевна"),
    ("Елена", "Андреевна"),
    ("Наталья", "Викторовна"),
    ("Татьяна", "Юрьевна"),
    ("Ирина", "Николаевна"),
    ("Светлана", "Олеговна"),
    ("Алёна", "Игоревна"),
]
_SURNAMES = [
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
]
_QUESTIONS = {
    "Кличка первого питомца?": ["Мурка", "Барсик", "Шарик", "Рекс"],
    "Девичья фамилия матери?": ["Иванова", "Соколова", "Орлова", "Белова"],
    "Город, где вы родились?": ["Тверь", "Казань", "Самара", "Ярославль"],
}
_REGIONS = ["45", "46", "40", "92", "36", "63", "78"]  # passport series' first two digits


@dataclass(frozen=True)
class DemoCitizen:
    full_name: str
    birth_date: date
    snils: str
    inn: str
    passport: tuple[str, str]
    passport_issued: date
    phone: str
    email: str
    question: str
    answer: str
    state: AccountState = AccountState.ACTIVE


DEMO_CALLER = DemoCitizen(
    full_name="Петров Иван Сергеевич",
    birth_date=date(1985, 3, 14),
    snils=make_snils("112233445"),
    inn=make_inn("5001007322"),
    passport=("4510", "123456"),
    passport_issued=date(2005, 4, 20),
    phone="+79161234567",
    email="ivan.petrov@example.ru",
    question="Кличка первого питомца?",
    answer="Мурка",
)


def _translit(text: str) -> str:
    table = str.maketrans("абвгдеёжзийклмнопрстуфхцчшщыэюя", "abvgdeezziiklmnoprstufhccss_eua")
    return text.lower().translate(table).replace("ь", "").replace("ъ", "")


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return date(born.year + age, 3, 1)


def demo_citizens(count: int = COUNT) -> Iterator[DemoCitizen]:
    """The demo caller first, then ``count`` - 1 people from the fixed seed."""
    yield DEMO_CALLER
    rng = random.Random(SEED)  # noqa: S311 - the same demo people everywhere, not a secret
    for n in range(count - 1):
        female = rng.random() < 0.5
        first, patronymic = rng.choice(_FEMALE if female else _MALE)
        surname = rng.choice(_SURNAMES) + ("а" if female else "")
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
        # The passport in use: issued after the last of the 14th, 20th and 45th birthdays
        # that has passed, and never before today's passports existed (October 1997).
        due = [_birthday(born, age) for age in (14, 20, 45)]
        latest = max(d for d in due if d.year < 2025)
        issued = max(latest, date(1998, 1, 1)) + timedelta(days=20 + rng.randrange(200))
        question = rng.choice(list(_QUESTIONS))
        yield DemoCitizen(
            full_name=f"{surname} {first} {patronymic}",
            birth_date=born,
            snils=make_snils(f"{rng.randrange(2_000_000, 999_999_999):09d}"),
            inn=make_inn(f"{rng.randrange(10**9, 10**10):010d}"),
            passport=(
                f"{rng.choice(_REGIONS)}{rng.randrange(0, 25):02d}",
                f"{rng.randrange(1, 10**6):06d}",
            ),
            passport_issued=issued,
            phone=f"+79{rng.randrange(10**9):09d}",
            email=f"{_translit(first)}.{_translit(surname)}{n}@example.ru",
            question=question,
            answer=rng.choice(_QUESTIONS[question]),
            state=AccountState.LOCKED if n % 37 == 5 else AccountState.ACTIVE,
        )


def seed_citizens(session: Session, count: int = COUNT) -> int:
    """Add the demo citizens once (keyed by SNILS, stable ids); returns how many were added."""
    if session.scalar(select(func.count()).select_from(Citizen)):
        return 0
    hashes: dict[str, str] = {}
    added = 0
    for person in demo_citizens(count):
        if person.answer not in hashes:
            hashes[person.answer] = hash_answer(person.answer)
        session.add(
            Citizen(
                id=reference_id("citizen", person.snils),
                full_name=person.full_name,
                birth_date=person.birth_date,
                snils=person.snils,
                inn=person.inn,
                passport_series=person.passport[0],
                passport_number=person.passport[1],
                passport_issued=person.passport_issued,
                phone=person.phone,
                email=person.email,
                security_question=person.question,
                security_answer_hash=hashes[person.answer],
                state=person.state,
            )
        )
        added += 1
    return added


def demo_id(snils: str) -> uuid.UUID:
    return reference_id("citizen", snils)
