"""Ticket attachments: screenshots and error captures stored once under their SHA-256, judged
by their bytes rather than their names, refused whole when too large or of the wrong kind."""

from __future__ import annotations

import hashlib
import struct
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db.database import Database
from app.db.engine import sqlite_url
from app.services.ticket_attachments import AttachmentService
from app.services.tickets import TicketService
from app.tickets.attachments import AttachmentRefused, AttachmentStore, RefusalReason
from app.tickets.workflow import EventKind

DESK = 42
LIMIT = 1024


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real (tiny, grey) PNG: signature, IHDR, IDAT, IEND with their CRCs."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
LOG = "12:04:31 ОШИБКА: сервис Госуслуг не отвечает (код 503)\n".encode()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def files_in(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    yield db
    db.close()


@pytest.fixture
def store(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore.in_data_dir(tmp_path / "data", max_bytes=LIMIT)


@pytest.fixture
def tickets(database: Database) -> TicketService:
    return TicketService(database, DESK)


@pytest.fixture
def service(database: Database, store: AttachmentStore) -> AttachmentService:
    return AttachmentService(database, store)


def test_a_screenshot_a_pdf_and_a_log_are_attached_in_order(
    tmp_path: Path, tickets: TicketService, service: AttachmentService
) -> None:
    ticket = tickets.open_draft().result(10)
    image = png_bytes()
    sources = [
        write(tmp_path / "скриншот.png", image),
        write(tmp_path / "заявление.pdf", PDF),
        write(tmp_path / "error.log", LOG),
    ]
    for source in sources:
        service.attach(ticket.id, source).result(10)

    listed = service.attachments(ticket.id)
    assert [(a.filename, a.media_type, a.size_bytes) for a in listed] == [
        ("скриншот.png", "image/png", len(image)),
        ("заявление.pdf", "application/pdf", len(PDF)),
        ("error.log", "text/plain; charset=utf-8", len(LOG)),
    ]
    for view, source in zip(listed, sources, strict=True):
        assert view.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
        assert view.path.read_bytes() == source.read_bytes()
        assert view.path.parent.name == view.sha256[:2]
        assert view.created_at.tzinfo is not None


def test_each_attachment_adds_a_line_to_the_ticket_log(
    tmp_path: Path, tickets: TicketService, service: AttachmentService
) -> None:
    ticket = tickets.open_draft().result(10)
    shot = service.attach(ticket.id, write(tmp_path / "shot.png", png_bytes())).result(10)
    log = service.attach(ticket.id, write(tmp_path / "trace.txt", LOG)).result(10)

    assert tickets.events(ticket.id)[1:] == [
        (EventKind.FIELD_CHANGED, {"attachment": "shot.png", "sha256": shot.sha256}),
        (EventKind.FIELD_CHANGED, {"attachment": "trace.txt", "sha256": log.sha256}),
    ]


def test_the_same_file_on_two_tickets_is_stored_once(
    tmp_path: Path, tickets: TicketService, service: AttachmentService, store: AttachmentStore
) -> None:
    first, second = tickets.open_draft().result(10), tickets.open_draft().result(10)
    a = service.attach(first.id, write(tmp_path / "a.png", png_bytes())).result(10)
    b = service.attach(second.id, write(tmp_path / "copy of a.png", png_bytes())).result(10)

    assert a.path == b.path
    assert files_in(store.root) == [a.path]  # no second copy, no temporary file left behind
    assert [v.filename for v in service.attachments(first.id)] == ["a.png"]
    assert [v.filename for v in service.attachments(second.id)] == ["copy of a.png"]
    assert store.exists(a.sha256)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\x7fELF\x02\x01\x01\x00" + bytes(56), id="elf"),
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(50), id="exe"),
        pytest.param(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(30), id="zip-or-docx"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(40), id="old-office"),
        pytest.param("Ошибка в cp1251".encode("cp1251"), id="not-utf8-text"),
    ],
)
def test_files_that_are_not_images_pdf_or_text_are_refused_whatever_their_name(
    content: bytes,
    tmp_path: Path,
    tickets: TicketService,
    service: AttachmentService,
    store: AttachmentStore,
) -> None:
    ticket = tickets.open_draft().result(10)
    disguised = write(tmp_path / "screenshot.png", content)
    with pytest.raises(AttachmentRefused) as refused:
        service.attach(ticket.id, disguised)

    assert refused.value.reason is RefusalReason.UNKNOWN_TYPE
    assert files_in(store.root) == []
    assert service.attachments(ticket.id) == []
    assert [kind for kind, _ in tickets.events(ticket.id)] == [EventKind.CREATED]


def test_a_file_over_the_limit_is_refused_with_the_limit_and_nothing_is_kept(
    tmp_path: Path, tickets: TicketService, service: AttachmentService, store: AttachmentStore
) -> None:
    ticket = tickets.open_draft().result(10)
    at_limit = png_bytes() + b"\x00" * (LIMIT - len(png_bytes()))
    service.attach(ticket.id, write(tmp_path / "fits.png", at_limit)).result(10)
    kept = files_in(store.root)

    with pytest.raises(AttachmentRefused) as refused:
        service.attach(ticket.id, write(tmp_path / "big.png", at_limit + b"\x00"))

    assert (refused.value.reason, refused.value.limit) == (RefusalReason.TOO_LARGE, LIMIT)
    assert files_in(store.root) == kept
    assert [v.filename for v in service.attachments(ticket.id)] == ["fits.png"]
    assert len(tickets.events(ticket.id)) == 2  # created + the one that fitted


def test_a_huge_file_is_refused_without_being_read_whole(
    tmp_path: Path, store: AttachmentStore
) -> None:
    huge = write(tmp_path / "dump.png", png_bytes())
    with huge.open("r+b") as file:
        file.truncate(8 * 1024**3)  # 8 GiB, sparse: reading it whole would exhaust memory
    with pytest.raises(AttachmentRefused) as refused:
        store.put(huge)
    assert refused.value.reason is RefusalReason.TOO_LARGE
    assert files_in(store.root) == []


def test_an_empty_or_missing_file_is_refused(
    tmp_path: Path, tickets: TicketService, service: AttachmentService, store: AttachmentStore
) -> None:
    ticket = tickets.open_draft().result(10)
    with pytest.raises(AttachmentRefused) as empty:
        service.attach(ticket.id, write(tmp_path / "empty.png", b""))
    with pytest.raises(AttachmentRefused) as missing:
        service.attach(ticket.id, tmp_path / "gone.png")
    with pytest.raises(AttachmentRefused) as folder:
        service.attach(ticket.id, tmp_path)

    assert empty.value.reason is RefusalReason.EMPTY
    assert missing.value.reason is RefusalReason.UNREADABLE
    assert folder.value.reason is RefusalReason.UNREADABLE
    assert files_in(store.root) == []
    assert service.attachments(ticket.id) == []


def test_an_unknown_ticket_is_a_lookup_error(tmp_path: Path, service: AttachmentService) -> None:
    future = service.attach(uuid.uuid4(), write(tmp_path / "shot.png", png_bytes()))
    with pytest.raises(LookupError):
        future.result(10)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\System32\\evil.txt", "evil.txt"),
        ("C:\\Users\\Оператор\\Desktop\\скрин.png", "скрин.png"),
        ("ошибка\x00\x07\x1b[31m\r\n.log", "ошибка[31m.log"),
        ("photo\u202egnp.exe", "photognp.exe"),  # a right-to-left override hides ".exe"
        ("..", "attachment"),
        ("/", "attachment"),
        ("  ", "attachment"),
    ],
)
def test_filenames_come_out_as_a_safe_base_name(
    given: str, shown: str, store: AttachmentStore
) -> None:
    assert store.put(LOG, given).filename == shown


def test_a_long_filename_is_cut_to_255_characters_keeping_its_extension(
    store: AttachmentStore,
) -> None:
    name = store.put(png_bytes(), "снимок экрана " * 40 + ".png").filename
    assert len(name) == 255
    assert name.endswith(".png")


def test_a_file_whose_own_name_has_control_characters_is_listed_cleanly(
    tmp_path: Path, tickets: TicketService, service: AttachmentService
) -> None:
    ticket = tickets.open_draft().result(10)
    service.attach(ticket.id, write(tmp_path / "лог\x1b\n\tсбоя.txt", LOG)).result(10)
    assert [v.filename for v in service.attachments(ticket.id)] == ["логсбоя.txt"]


def test_a_stored_digest_is_checked_before_it_becomes_a_path(store: AttachmentStore) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        store.path_of("../../etc/passwd")
    assert not store.exists("0" * 64)


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
        (b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00", "image/webp"),
        (png_bytes(), "image/png"),  # even when it is called "notes.txt"
    ],
)
def test_the_type_comes_from_the_bytes_not_the_extension(
    content: bytes, media_type: str, store: AttachmentStore
) -> None:
    stored = store.put(content, "notes.txt")
    assert (stored.media_type, stored.filename) == (media_type, "notes.txt")
    assert store.path_of(stored.sha256).read_bytes() == content
