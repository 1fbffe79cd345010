"""The words and number formats of the supervisor's reports: tile names, column headers,
values in per cent, seconds as m:ss. Shared by the Reports view, the CSV headers and the
PDF, so all three say the same thing."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.reports.report import Tile, Unit


def names() -> dict[str, str]:
    """Tile and column keys in words."""
    return {
        "key": QCoreApplication.translate("Reports", "Row"),
        "offered": QCoreApplication.translate("Reports", "Calls offered"),
        "answered": QCoreApplication.translate("Reports", "Answered"),
        "abandoned": QCoreApplication.translate("Reports", "Abandoned"),
        "missed": QCoreApplication.translate("Reports", "Missed"),
        "service_level": QCoreApplication.translate("Reports", "Service level"),
        "asa": QCoreApplication.translate("Reports", "Average speed of answer"),
        "aht": QCoreApplication.translate("Reports", "Average handle time"),
        "abandonment_rate": QCoreApplication.translate("Reports", "Abandonment rate"),
        "occupancy": QCoreApplication.translate("Reports", "Occupancy"),
        "outbound": QCoreApplication.translate("Reports", "Call-backs"),
        "tickets": QCoreApplication.translate("Reports", "Tickets"),
        "closed": QCoreApplication.translate("Reports", "Closed"),
        "close_rate": QCoreApplication.translate("Reports", "Close rate"),
        "reopen_rate": QCoreApplication.translate("Reports", "Reopen rate"),
        "first_contact_resolution": QCoreApplication.translate(
            "Reports", "First-contact resolution"
        ),
        "fcr": QCoreApplication.translate("Reports", "First-contact resolution"),
        "overdue": QCoreApplication.translate("Reports", "Overdue tickets"),
        "category": QCoreApplication.translate("Reports", "Category"),
        "subcategory": QCoreApplication.translate("Reports", "Subcategory"),
        "error": QCoreApplication.translate("Reports", "Error"),
        "calls": QCoreApplication.translate("Reports", "Calls"),
        "resolve_hours": QCoreApplication.translate("Reports", "Hours to resolve"),
    }


def table_titles() -> dict[str, str]:
    return {
        "over_time": QCoreApplication.translate("Reports", "Calls over time"),
        "operators": QCoreApplication.translate("Reports", "By operator"),
        "lines": QCoreApplication.translate("Reports", "By line"),
        "languages": QCoreApplication.translate("Reports", "By caller's language"),
        "departments": QCoreApplication.translate("Reports", "Tickets by department"),
        "failures": QCoreApplication.translate("Reports", "Portal failures"),
    }


def value(unit: Unit, number: float | None) -> str:
    if number is None:
        return "—"
    if unit is Unit.SHARE:
        return f"{number * 100:.1f} %".replace(".", ",")
    if unit is Unit.SECONDS:
        minutes, seconds = divmod(round(number), 60)
        return f"{minutes}:{seconds:02d}"
    return f"{number:,.0f}".replace(",", "\u202f")


def change(tile: Tile) -> str:
    """'▲ 3' / '▼ 1,5 %' against the period before ('' when there is nothing to compare)."""
    delta = tile.change
    if delta is None or delta == 0:
        return "" if delta is None else "="
    arrow = "▲" if delta > 0 else "▼"
    if tile.unit is Unit.SHARE:
        points = f"{abs(delta) * 100:.1f}".replace(".", ",")
        shown = QCoreApplication.translate("Reports", "%1 pp").replace(
            "%1", points
        )  # percentage points
    else:
        shown = value(tile.unit, abs(delta))
    return f"{arrow} {shown}"


def is_good(tile: Tile) -> bool | None:
    """Whether the change is for the better (None: no change to judge)."""
    if not tile.change:
        return None
    return (tile.change > 0) == tile.higher_is_better


def cell(column: str, number: object) -> str:
    """A table cell as the view and the PDF show it."""
    shares = {"service_level", "abandonment_rate", "occupancy", "close_rate", "reopen_rate", "fcr"}
    if number is None:
        return "—"
    if column in shares and isinstance(number, float):
        return value(Unit.SHARE, number)
    if column in {"asa", "aht"} and isinstance(number, float):
        return value(Unit.SECONDS, number)
    if isinstance(number, float):
        return f"{number:.1f}".replace(".", ",")
    return str(number)
