"""A verification session: which factors the operator checked for one call, and the level.

The seed lists what is checked before an account is touched: the documents (SNILS, INN,
passport), the answer to the security question, a one-time SMS code. A :class:`Policy`
says what each level needs; by default *full* needs one document that matched and one
of the security answer or the SMS code, and *partial* any single factor that matched.
The operator may skip a step; a mismatch is recorded as such, and a citizen with too many
failed factors within a day is locked out of verification by phone (services layer).
Values never enter here: only which factor and whether it matched.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from app.domain.clock import utc_now


class Factor(enum.StrEnum):
    SNILS = "snils"
    INN = "inn"
    PASSPORT = "passport"
    SECURITY_ANSWER = "security_answer"
    SMS_CODE = "sms_code"


class Level(enum.StrEnum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class NotVerifiedEnough(PermissionError):
    """The caller is not verified to the level an action or a detail needs (``needed``)."""

    def __init__(self, needed: Level) -> None:
        super().__init__(needed.value)
        self.needed = needed


DOCUMENTS = frozenset({Factor.SNILS, Factor.INN, Factor.PASSPORT})
SECRETS = frozenset({Factor.SECURITY_ANSWER, Factor.SMS_CODE})


@dataclass(frozen=True)
class Policy:
    """What each level needs: for *full*, one factor from each group in ``full_needs``."""

    full_needs: tuple[frozenset[Factor], ...] = (DOCUMENTS, SECRETS)
    partial_needs: int = 1  # this many matched factors of any kind
    failures_per_day: int = 3  # failed factors of one citizen in 24 h before lockout

    @classmethod
    def from_settings(cls, failures_per_day: int, both_secrets: bool) -> Policy:
        """The administrator's choice: three groups (document, answer, code) or two."""
        if both_secrets:
            groups = (
                DOCUMENTS,
                frozenset({Factor.SECURITY_ANSWER}),
                frozenset({Factor.SMS_CODE}),
            )
            return cls(full_needs=groups, failures_per_day=failures_per_day)
        return cls(failures_per_day=failures_per_day)

    def level(self, matched: frozenset[Factor]) -> Level:
        if matched and all(group & matched for group in self.full_needs):
            return Level.FULL
        if len(matched) >= self.partial_needs:
            return Level.PARTIAL
        return Level.NONE


@dataclass(frozen=True)
class Check:
    factor: Factor
    matched: bool
    at: datetime


@dataclass
class VerificationSession:
    """One call's verification of one citizen (GUI thread; the services layer records it)."""

    call_id: uuid.UUID | None
    citizen_id: uuid.UUID
    policy: Policy = field(default_factory=Policy)
    checks: list[Check] = field(default_factory=list)

    def record(self, factor: Factor, matched: bool, at: datetime | None = None) -> Level:
        self.checks.append(Check(factor, matched, at or utc_now()))
        return self.level

    @property
    def matched(self) -> frozenset[Factor]:
        """Factors whose latest check matched (a later mismatch of the same factor undoes it)."""
        latest: dict[Factor, bool] = {}
        for check in self.checks:
            latest[check.factor] = check.matched
        return frozenset(factor for factor, ok in latest.items() if ok)

    @property
    def failures(self) -> int:
        return sum(not check.matched for check in self.checks)

    @property
    def level(self) -> Level:
        return self.policy.level(self.matched)

    def missing_for_full(self) -> list[frozenset[Factor]]:
        """The groups still without a matched factor (what the wizard should ask next)."""
        matched = self.matched
        return [group for group in self.policy.full_needs if not group & matched]
