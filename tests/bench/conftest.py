"""Collects every benchmark's figure and prints them as one Markdown table at the end."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import pytest

#: (what, ours, baseline name, baseline value, unit)
ROWS: list[tuple[str, float, str, float, str]] = []
#: Free-form lines (soak results and the like).
NOTES: list[str] = []


def record(what: str, ours: float, baseline_name: str, baseline: float, unit: str) -> None:
    ROWS.append((what, ours, baseline_name, baseline, unit))


def _cpu() -> str:
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not ROWS and not NOTES:
        return
    write = terminalreporter.write_line
    write("")
    write(
        f"Machine: {_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}"
    )
    write("| what | ours | baseline | baseline value | ratio |")
    write("|---|---|---|---|---|")
    for what, ours, name, base, unit in ROWS:
        ratio = f"{ours / base:.2f}×" if base else "-"
        write(f"| {what} | {ours:.1f} {unit} | {name} | {base:.1f} {unit} | {ratio} |")
    for note in NOTES:
        write(note)
