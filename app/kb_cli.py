"""`hotline-desk kb …`: the knowledge base from the command line.

``kb search "query" [--lang ru|en] [--limit N] [--json]`` prints the ranked results (id,
title, score, snippet, and any typo corrected); ``kb import DIR`` adds or updates the
articles of a folder (all or nothing: one bad file and nothing changes; the reason is
printed); ``kb reindex`` rebuilds the full-text index from the articles.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.desk import open_desk
from app.kb.articles import ArticleProblem
from app.kb.snippets import as_text


def add_parser(commands: Any) -> None:
    kb = commands.add_parser("kb", help="the knowledge base: search, import, reindex")
    actions = kb.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    search = actions.add_parser("search", help="print the articles a query finds, best first")
    search.add_argument("query")
    search.add_argument("--lang", choices=("ru", "en"), default="ru")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--json", action="store_true", help="one JSON document")
    folder = actions.add_parser("import", help="add or update the articles of a folder")
    folder.add_argument("folder", type=Path)
    actions.add_parser("reindex", help="rebuild the search index from the articles")


def run(args: argparse.Namespace) -> int:
    desk = open_desk()
    try:
        if args.kb_command == "search":
            return _search(desk.kb, args.query, args.lang, max(0, min(args.limit, 100)), args.json)
        if args.kb_command == "import":
            try:
                report = desk.kb_admin.import_directory(args.folder)
            except ArticleProblem as problem:
                print(f"error: nothing imported: {problem}", file=sys.stderr)  # noqa: T201
                return 1
            print(  # noqa: T201 - this command's output is the report
                f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}"
            )
            return 0
        print(f"indexed {desk.kb_admin.reindex()} articles")  # noqa: T201
        return 0
    finally:
        desk.close()


def _search(kb: Any, query: str, language: str, limit: int, as_json: bool) -> int:
    outcome = kb.search(query, language, limit)
    results = [
        {
            "id": hit.article.slug,
            "title": hit.article.title,
            "score": round(hit.score, 3),
            "snippet": as_text(hit.snippet),
        }
        for hit in outcome.hits
    ]
    corrected = [{"typed": typed, "used": used} for typed, used in outcome.corrections]
    if as_json:
        document = {
            "query": query,
            "language": language,
            "corrected": corrected,
            "results": results,
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))  # noqa: T201
        return 0
    if corrected:
        words = ", ".join(f"{c['typed']} → {c['used']}" for c in corrected)
        print(f"showing results for: {words}")  # noqa: T201
    if not results:
        print("nothing found")  # noqa: T201
    for rank, result in enumerate(results, 1):
        print(f"{rank:2}. {result['id']}  {result['title']}  ({result['score']})")  # noqa: T201
        print(f"    {result['snippet']}")  # noqa: T201
    return 0
