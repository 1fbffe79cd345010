"""Words for tickets: statuses, priorities, form fields and their problems, the event log,
wrap-up codes and attachment refusals, in the operator's language (the core returns codes,
never sentences)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.clock import moscow_time
from app.tickets.attachments import RefusalReason
from app.tickets.fields import Problem
from app.tickets.workflow import EventKind, TicketStatus
from app.tickets.wrapup import WrapUp


def status(value: TicketStatus) -> str:
    return {
        TicketStatus.NEW: QCoreApplication.translate("Tickets", "New"),
        TicketStatus.IN_PROGRESS: QCoreApplication.translate("Tickets", "In progress"),
        TicketStatus.ESCALATED: QCoreApplication.translate("Tickets", "Escalated"),
        TicketStatus.WAITING: QCoreApplication.translate("Tickets", "Waiting for the citizen"),
        TicketStatus.RESOLVED: QCoreApplication.translate("Tickets", "Resolved"),
        TicketStatus.CLOSED: QCoreApplication.translate("Tickets", "Closed"),
    }[value]


def priority(value: str) -> str:
    return {
        "low": QCoreApplication.translate("Tickets", "Low"),
        "normal": QCoreApplication.translate("Tickets", "Normal"),
        "high": QCoreApplication.translate("Tickets", "High"),
        "urgent": QCoreApplication.translate("Tickets", "Urgent"),
    }[value]


def field_label(key: str) -> str:
    return {
        "error": QCoreApplication.translate("Tickets", "Error text or code"),
        "happened_at": QCoreApplication.translate("Tickets", "When it happened"),
        "client": QCoreApplication.translate("Tickets", "Browser or app, version"),
        "steps": QCoreApplication.translate("Tickets", "What the caller did before"),
        "amount": QCoreApplication.translate("Tickets", "Amount, ₽"),
        "paid_on": QCoreApplication.translate("Tickets", "Date of payment"),
        "double_charge": QCoreApplication.translate("Tickets", "Charged twice"),
        "application_number": QCoreApplication.translate("Tickets", "Application number"),
        "office": QCoreApplication.translate("Tickets", "MFC office"),
        "appointment_at": QCoreApplication.translate("Tickets", "Appointment"),
        "subject": QCoreApplication.translate("Tickets", "Subject of the complaint"),
        "about": QCoreApplication.translate("Tickets", "Who or what it is about"),
        "category": QCoreApplication.translate("Tickets", "Category"),
        "description": QCoreApplication.translate("Tickets", "Description"),
        "subcategory": QCoreApplication.translate("Tickets", "Subcategory"),
        "priority": QCoreApplication.translate("Tickets", "Priority"),
        "department": QCoreApplication.translate("Tickets", "Department"),
        "service": QCoreApplication.translate("Tickets", "Service concerned"),
    }.get(key, key)


def field_hint(key: str) -> str:
    """The placeholder that shows the operator what to type."""
    return {
        "happened_at": QCoreApplication.translate("Tickets", "dd.mm.yyyy hh:mm"),
        "appointment_at": QCoreApplication.translate("Tickets", "dd.mm.yyyy hh:mm"),
        "paid_on": QCoreApplication.translate("Tickets", "dd.mm.yyyy"),
        "amount": QCoreApplication.translate("Tickets", "1500,00"),
        "client": QCoreApplication.translate("Tickets", "e.g. Chrome 131, Gosuslugi app 4.2"),
    }.get(key, "")


def problem(value: Problem) -> str:
    return {
        Problem.REQUIRED: QCoreApplication.translate("Tickets", "required"),
        Problem.TOO_LONG: QCoreApplication.translate("Tickets", "too long"),
        Problem.NOT_A_DATE: QCoreApplication.translate(
            "Tickets", "not a date: type dd.mm.yyyy (and hh:mm)"
        ),
        Problem.IN_FUTURE: QCoreApplication.translate("Tickets", "cannot be in the future"),
        Problem.NOT_AN_AMOUNT: QCoreApplication.translate(
            "Tickets", "not an amount in roubles (e.g. 1500,00)"
        ),
        Problem.NOT_AN_APPLICATION_NUMBER: QCoreApplication.translate(
            "Tickets", "an application number is 6 to 20 digits"
        ),
    }[value]


def wrap_up(code: WrapUp) -> str:
    return {
        WrapUp.SOLVED_ON_CALL: QCoreApplication.translate("Tickets", "Solved on the call"),
        WrapUp.TICKET_CREATED: QCoreApplication.translate("Tickets", "Ticket created"),
        WrapUp.ESCALATED: QCoreApplication.translate("Tickets", "Escalated"),
        WrapUp.CALLBACK_NEEDED: QCoreApplication.translate("Tickets", "Call back needed"),
        WrapUp.WRONG_NUMBER: QCoreApplication.translate("Tickets", "Wrong number"),
        WrapUp.ABUSIVE: QCoreApplication.translate("Tickets", "Abusive caller"),
        WrapUp.CALL_DROPPED: QCoreApplication.translate("Tickets", "Call dropped"),
    }[code]


def refusal(reason: RefusalReason, limit: int | None) -> str:
    megabytes = f"{(limit or 0) / 1024 / 1024:.0f}"
    return {
        RefusalReason.TOO_LARGE: QCoreApplication.translate(
            "Tickets", "The file is larger than %1 MB."
        ).replace("%1", megabytes),
        RefusalReason.EMPTY: QCoreApplication.translate("Tickets", "The file is empty."),
        RefusalReason.UNKNOWN_TYPE: QCoreApplication.translate(
            "Tickets",
            "Only pictures (PNG, JPEG, GIF, WebP), PDF and plain-text logs can be attached.",
        ),
        RefusalReason.UNREADABLE: QCoreApplication.translate(
            "Tickets", "The file could not be read."
        ),
    }[reason]


def _status_line(details: dict[str, Any]) -> str:
    line = QCoreApplication.translate("Tickets", "Status: %1 → %2")
    line = line.replace("%1", status(TicketStatus(details["from"])))
    line = line.replace("%2", status(TicketStatus(details["to"])))
    note = details.get("note")
    return f"{line} ({note})" if note else line


#: Header fields whose losing value is shown as typed (the rest are keys and codes).
_TYPED = frozenset({"description", "service", "application_number", "caller_number"})


def _conflict_line(conflict: dict[str, Any]) -> str:
    """Two desks edited the header apart: what the merge did not take, field by field."""
    lost = []
    for key, values in conflict.items():
        name = field_label(key.removesuffix("_id"))
        value = values.get("lost") if isinstance(values, dict) else None
        if key in _TYPED and value:
            text = str(value)
            lost.append(f"{name} «{text[:80]}{'…' if len(text) > 80 else ''}»")
        else:
            lost.append(name)
    return QCoreApplication.translate(
        "Tickets", "Edited on two desks apart; the copy with more edits was kept. Not taken: %1"
    ).replace("%1", "; ".join(lost))


def _change_line(details: dict[str, Any]) -> str:
    if "conflict" in details:
        return _conflict_line(details["conflict"])
    if details.get("filed"):
        return QCoreApplication.translate("Tickets", "Filed")
    if "attachment" in details:
        return QCoreApplication.translate("Tickets", "Attached %1").replace(
            "%1", str(details["attachment"])
        )
    names = ", ".join(field_label(k.removesuffix("_id")) for k in details.get("fields", {}))
    return QCoreApplication.translate("Tickets", "Changed: %1").replace("%1", names)


def _comment_line(details: dict[str, Any]) -> str:
    if "call" in details:
        return QCoreApplication.translate("Tickets", "The caller called again")
    return QCoreApplication.translate("Tickets", "Comment: %1").replace(
        "%1", str(details.get("text", ""))
    )


def event(kind: EventKind, details: dict[str, Any], departments: dict[str, str]) -> str:
    """One line of the event log."""
    if kind is EventKind.CREATED:
        return QCoreApplication.translate("Tickets", "Created")
    if kind is EventKind.ESCALATED:
        return (
            QCoreApplication.translate("Tickets", "Escalated to %1: %2")
            .replace("%1", departments.get(details.get("department", ""), "?"))
            .replace("%2", str(details.get("reason", "")))
        )
    if kind in (EventKind.STATUS_CHANGED, EventKind.REOPENED):
        return _status_line(details)
    if kind is EventKind.COMMENT:
        return _comment_line(details)
    return _change_line(details)


def when(moment: datetime | None) -> str:
    return moscow_time(moment).strftime("%d.%m.%Y %H:%M") if moment else ""
