"""`hotline-desk kb …` as an administrator runs it: a search printed or as JSON with the
typo it corrected, a folder imported, a bad folder refused with the reason and nothing
changed, the index rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli import run_desk


def test_search_prints_ranked_results_and_the_correction_as_json(tmp_path: Path) -> None:
    done = run_desk(tmp_path, "kb", "search", "двойное спесание", "--limit", "2", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["corrected"] == [{"typed": "спесание", "used": "списание"}]
    assert document["results"][0]["id"] == "tech-double-charge"
    assert len(document["results"]) == 2
    assert "«" in document["results"][0]["snippet"]

    plain = run_desk(tmp_path, "kb", "search", "calling from abroad", "--lang", "en")
    assert plain.stdout.splitlines()[0].startswith(" 1. line-calling-from-abroad")


def test_a_bad_folder_is_refused_whole_and_a_good_one_imported(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    good = "---\nid: vpn-help\nlanguage: ru\nkind: article\ntitle: VPN мешает входу\n"
    good += "categories: technical\nkeywords: vpn\n---\nОтключите VPN и войдите снова.\n"
    (folder / "vpn-help.md").write_text(good, encoding="utf-8")
    (folder / "broken.md").write_text("no front matter here", encoding="utf-8")

    refused = run_desk(tmp_path, "kb", "import", str(folder))
    assert refused.returncode == 1
    assert "nothing imported: broken.md: no_front_matter" in refused.stderr
    assert "vpn-help" not in run_desk(tmp_path, "kb", "search", "vpn").stdout

    (folder / "broken.md").unlink()
    imported = run_desk(tmp_path, "kb", "import", str(folder))
    assert imported.stdout.strip() == "added 1, updated 0, unchanged 0"
    assert " 1. vpn-help" in run_desk(tmp_path, "kb", "search", "впн vpn").stdout
    assert run_desk(tmp_path, "kb", "reindex").stdout.startswith("indexed ")
