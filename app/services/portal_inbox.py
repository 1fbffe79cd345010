"""The operator's inbox of portal requests: what is offered to them (only while Ready), what
they hold, each with its call-back deadline counted in the working hours of the line for
the request's language, and the supervisors' view of the requests nobody claimed in time.
A claim takes the request in the store (atomic); each call-back attempt is recorded with
the next one scheduled inside the citizen's window and the line's hours, until the
attempts run out. Blocking: the user interface calls these off its thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from app.portal.callbacks import Window, deadline, escalated, retry_after
from app.portal.hours import WorkingHours, hours_of
from app.portal.inbox import FileView, RequestStore, RequestView
from app.services.reference import LineInfo
from app.settings import Options, Settings


@dataclass(frozen=True)
class Policy:
    """The settings the inbox counts with (app/settings.py, ``portal.*``)."""

    callback_within: timedelta = timedelta(hours=4)  # working time
    escalate_after: timedelta = timedelta(minutes=30)  # working time
    attempts: int = 3
    retry_gap: timedelta = timedelta(hours=1)

    @staticmethod
    def of(settings: Settings) -> Policy:
        return Policy(
            callback_within=timedelta(hours=settings.get(Options.PORTAL_CALLBACK_HOURS)),
            escalate_after=timedelta(minutes=settings.get(Options.PORTAL_ESCALATE_MINUTES)),
            attempts=settings.get(Options.PORTAL_ATTEMPTS),
            retry_gap=timedelta(minutes=settings.get(Options.PORTAL_RETRY_MINUTES)),
        )


@dataclass(frozen=True)
class Offer:
    """A request in a list, with what the inbox works out for it."""

    request: RequestView
    due_at: datetime  # the call-back deadline
    escalated: bool  # unclaimed longer than the policy allows (working time)

    def overdue(self, now: datetime) -> bool:
        return now > self.due_at


def window_of(request: RequestView) -> Window | None:
    if request.window_start is None or request.window_end is None:
        return None
    try:
        return Window(request.window_start, request.window_end)
    except ValueError:  # a window the portal got wrong: any time the line is open
        return None


def line_for(lines: Sequence[LineInfo], language: str) -> LineInfo | None:
    """The line that serves callers in ``language``: the first listing it, else the one
    with the most languages (the international line), else none."""
    for line in lines:
        if language in line.languages:
            return line
    return max(lines, key=lambda line: len(line.languages), default=None)


def hours_for(lines: Sequence[LineInfo]) -> Callable[[str], WorkingHours]:
    """Each language's working hours; round the clock (Moscow) when no line is known."""

    def hours(language: str) -> WorkingHours:
        line = line_for(lines, language)
        if line is None:
            return hours_of(time(), time(), "Europe/Moscow")
        return hours_of(line.opens_at, line.closes_at, line.timezone)

    return hours


class PortalInbox:
    def __init__(
        self,
        store: RequestStore,
        hours: Callable[[str], WorkingHours],
        policy: Policy,
        *,
        operator_id: uuid.UUID | None,
        supervisor: bool = False,
        everything: bool = False,
    ) -> None:
        self.store = store
        self._hours = hours
        self.policy = policy
        self.operator_id = operator_id
        self.supervisor = supervisor
        #: Offered every unclaimed request at once: the embedded desk's single local profile,
        #: which has nobody to share them with.
        self.everything = everything

    def _offer(self, request: RequestView, now: datetime) -> Offer:
        hours = self._hours(request.language)
        due = deadline(request.created_at, self.policy.callback_within, hours)
        late = request.operator_id is None and escalated(
            request.created_at, now, self.policy.escalate_after, hours
        )
        return Offer(request, due, late)

    def offers(self, now: datetime, *, ready: bool) -> list[Offer]:
        """What this operator may claim now: nothing unless Ready; the requests on their
        topics and languages, oldest first; a supervisor also gets the escalated ones."""
        if not ready or self.operator_id is None:
            return []
        if self.everything:
            return [self._offer(r, now) for r in self.store.unclaimed()]
        found = {r.id: r for r in self.store.offered(self.operator_id)}
        if self.supervisor:
            for request in self.store.unclaimed():
                offer = self._offer(request, now)
                if offer.escalated:
                    found.setdefault(request.id, request)
        offers = [self._offer(r, now) for r in found.values()]
        return sorted(offers, key=lambda o: (o.request.created_at, o.request.number))

    def mine(self, now: datetime) -> list[Offer]:
        """The requests this operator holds, soonest due first."""
        if self.operator_id is None:
            return []
        held = [self._offer(r, now) for r in self.store.mine(self.operator_id)]
        return sorted(held, key=lambda o: (o.due_at, o.request.number))

    def claim(self, request_id: uuid.UUID) -> RequestView:
        """:class:`~app.portal.inbox.RequestTaken` when someone was quicker."""
        return self.store.claim(request_id, self._me())

    def files(self, request_id: uuid.UUID) -> list[FileView]:
        return self.store.files(request_id)

    def attempted(self, request: RequestView, *, at: datetime, answered: bool) -> RequestView:
        """A call-back was made at ``at``. Unanswered, the next is scheduled inside the
        window and the hours, unless that was the last attempt the policy allows."""
        next_at = None
        if not answered and request.attempts + 1 < self.policy.attempts:
            hours = self._hours(request.language)
            next_at = retry_after(at, self.policy.retry_gap, window_of(request), hours)
        return self.store.attempted(request.id, self._me(), at=at, next_at=next_at)

    def link_ticket(self, request_id: uuid.UUID, ticket_id: uuid.UUID) -> RequestView:
        return self.store.link_ticket(request_id, self._me(), ticket_id)

    def _me(self) -> uuid.UUID:
        if self.operator_id is None:
            raise PermissionError("nobody is signed in to take requests")
        return self.operator_id
