"""Files attached to tickets (screenshots a caller e-mails, error captures), kept once each.

The bytes live in the data directory under their SHA-256 (``root/ab/abcdef…``), so the same
screenshot attached to ten tickets is stored once and a stored file is never changed. A file
is written to a temporary name in its final folder and renamed into place, so a crash leaves
no half file under a real name. Before anything is written the file is read in chunks up to
the size limit and its type is judged by its first bytes, never by its extension: images
(PNG, JPEG, GIF, WebP), PDF and UTF-8 text pass; anything else is refused with a reason the
interface turns into words (the core never returns sentences).
"""

from __future__ import annotations

import enum
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

#: The store's folder name inside the data directory.
STORE_DIRNAME = "attachments"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_FILENAME = 255
_CHUNK = 64 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
#: Unicode categories dropped from names: controls, format marks (bidi overrides that make
#: "exe.png" read as "gnp.exe"), lone surrogates, line and paragraph separators.
_DROPPED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)


class RefusalReason(enum.StrEnum):
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    UNKNOWN_TYPE = "unknown_type"  # not an image, PDF or UTF-8 text (executables, archives…)
    UNREADABLE = "unreadable"  # missing, a folder, no permission, read error


class AttachmentRefused(Exception):
    """The file was not stored; ``reason`` says why, ``limit`` (bytes) comes with TOO_LARGE."""

    def __init__(self, reason: RefusalReason, limit: int | None = None) -> None:
        super().__init__(f"attachment refused: {reason.value}")
        self.reason = reason
        self.limit = limit


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    media_type: str
    size_bytes: int
    filename: str


def sniff_media_type(data: bytes) -> str | None:
    """The media type told by the first bytes, or None when the file is not one we take."""
    for magic, media_type in _SIGNATURES:
        if data.startswith(magic):
            return media_type
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain; charset=utf-8"


def safe_filename(name: str, fallback: str = "attachment") -> str:
    """Only the base name, without controls or separators, at most 255 characters."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in _DROPPED).strip()
    if name in ("", ".", ".."):
        return fallback
    if len(name) > MAX_FILENAME:
        stem, dot, suffix = name.rpartition(".")
        if dot and stem and len(suffix) <= 16:  # keep ".png" when cutting a long name
            name = stem[: MAX_FILENAME - len(suffix) - 1].rstrip() + "." + suffix
        else:
            name = name[:MAX_FILENAME]
    return name


class AttachmentStore:
    """Content-addressed files under ``root``; nothing is created until the first put."""

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.root = root
        self.max_bytes = max_bytes

    @classmethod
    def in_data_dir(cls, data_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> AttachmentStore:
        """The desk's store: ``<data dir>/attachments`` (app.paths.AppDirs.data)."""
        return cls(data_dir / STORE_DIRNAME, max_bytes)

    def path_of(self, sha256: str) -> Path:
        """Where the file with this digest lives (or would); ValueError for a malformed one."""
        if not _SHA256.fullmatch(sha256):
            raise ValueError("not a lowercase hex SHA-256")
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put(
        self, source: Path | bytes | bytearray | memoryview, filename: str | None = None
    ) -> StoredFile:
        """Check and store ``source``; AttachmentRefused when it is not taken.

        ``filename`` is what the operator sees (a path's own name when not given); it is
        cleaned by :func:`safe_filename` and never used on disk.
        """
        if isinstance(source, Path):
            data, digest = self._read(source)
            name = safe_filename(source.name if filename is None else filename)
        else:
            data = bytes(source)
            if len(data) > self.max_bytes:
                raise AttachmentRefused(RefusalReason.TOO_LARGE, self.max_bytes)
            digest = hashlib.sha256(data).hexdigest()
            name = safe_filename(filename or "")
        if not data:
            raise AttachmentRefused(RefusalReason.EMPTY)
        media_type = sniff_media_type(data)
        if media_type is None:
            raise AttachmentRefused(RefusalReason.UNKNOWN_TYPE)
        self._write(digest, data)
        return StoredFile(digest, media_type, len(data), name)

    def _read(self, path: Path) -> tuple[bytes, str]:
        """The whole file and its digest, read in chunks: refused once it passes the limit."""
        hasher = hashlib.sha256()
        buffer = bytearray()
        try:
            with path.open("rb") as file:
                while chunk := file.read(_CHUNK):
                    if len(buffer) + len(chunk) > self.max_bytes:
                        raise AttachmentRefused(RefusalReason.TOO_LARGE, self.max_bytes)
                    hasher.update(chunk)
                    buffer += chunk
        except OSError as error:
            raise AttachmentRefused(RefusalReason.UNREADABLE) from error
        return bytes(buffer), hasher.hexdigest()

    def _write(self, digest: str, data: bytes) -> None:
        target = self.path_of(digest)
        if target.is_file():
            return  # the same bytes are already here: stored once
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
