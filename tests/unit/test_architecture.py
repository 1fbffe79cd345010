"""The house rules that keep the core and the Qt layer apart, checked on the real tree."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parents[2]


def _app_modules() -> list[str]:
    names = ["app"]
    for info in pkgutil.walk_packages(app.__path__, prefix="app."):
        if ".migrations." in info.name or info.name == "app.__main__":
            continue
        names.append(info.name)
    return names


def test_every_core_module_imports_without_qt() -> None:
    modules = _app_modules()
    assert len(modules) > 15  # the walk really found the core
    script = textwrap.dedent(
        f"""
        import importlib, importlib.abc, sys

        class NoQt(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {{"PySide6", "shiboken6", "ui"}}:
                    raise ImportError(f"blocked in this test: {{name}}")
                return None

        sys.meta_path.insert(0, NoQt())
        for name in {modules!r}:
            importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in {{"PySide6", "ui"}})
        print("LOADED", loaded)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout


def test_import_linter_rejects_a_core_module_that_imports_qt(tmp_path: Path) -> None:
    """The contract in pyproject.toml really bites: a copy of the tree with a bad import fails."""
    copy = tmp_path / "tree"
    for part in ("app", "ui"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    lint = Path(sys.executable).with_name("lint-imports")
    clean = subprocess.run(
        [str(lint)],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert clean.returncode == 0, clean.stdout
    (copy / "app" / "sneaky.py").write_text('"""Breaks the rule."""\n\nimport ui.bridge\n')
    broken = subprocess.run(
        [str(lint)],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert broken.returncode != 0
    assert "app.sneaky" in broken.stdout


def test_modules_stay_small_and_say_what_they_are_for() -> None:
    for path in sorted((ROOT / "app").rglob("*.py")) + sorted((ROOT / "ui").rglob("*.py")):
        if "versions" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 600, f"{path} is over 600 lines: split it by job"
        assert text.lstrip().startswith('"""'), f"{path} has no module docstring"
