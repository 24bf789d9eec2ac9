"""Opening what a user gives to import, safely: a folder, a .zip, a .tar.gz or one file.

An archive from the internet may be damaged, or built to harm: a zip bomb (a few
kilobytes that expand to terabytes), members named ``../../etc/passwd`` or ``/etc``,
symbolic links and devices in a tar. Nothing here ever extracts to disk: an importer
opens the members it asks for as streams (:meth:`Archive.open`, read a chunk at a time
however large they are) or reads small ones whole (:meth:`Archive.read`, at most
:data:`MAX_MEMBER_BYTES`); everything else is only listed. A tar inside a gzip stream
cannot be read out of order: its listing pass keeps the small members chosen
(:data:`KEEP_BYTES` at most each), and each member opened as a stream is another pass
over the stream, up to it. The checks come before any reading:

* the file itself: at most ``MOSTRA_IMPORT_MAX_BYTES`` (2 GiB by default), checked
  from its size on disk before a byte is read;
* every member's name: relative, no ``..``, no drive letter; in a tar, regular files and
  folders only;
* zip: at most :data:`MAX_MEMBERS` members, declared sizes adding up to at most
  :data:`MAX_UNCOMPRESSED_BYTES`, no member expanding more than :data:`MAX_RATIO` times;
* tar.gz: the same caps counted while the stream is decompressed (a gzip stream does not
  declare its size), so a bomb stops after at most the cap, not after the disk is full;
  the same counts on every pass;
* a damaged or truncated archive: "the file is truncated or damaged: download it again".
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from mostra.analytics.importers.base import ImportRefused

#: The default largest file accepted: 2 GiB.
DEFAULT_MAX_BYTES = 2 * 1024**3
#: The most members an archive may have (X archives with media have thousands).
MAX_MEMBERS = 200_000
#: The most bytes an archive may expand to, all members together.
MAX_UNCOMPRESSED_BYTES = 16 * 1024**3
#: The most one member (or a whole gzip stream) may expand relative to its packed size.
MAX_RATIO = 200
#: Below this size, a high ratio is harmless (a file of spaces compresses very well).
RATIO_FLOOR_BYTES = 16 * 1024**2
#: The most bytes of one member read into memory whole (streams have no such cap).
MAX_MEMBER_BYTES = 1024**3
#: The largest member of a tar kept in memory by its listing pass.
KEEP_BYTES = 16 * 1024**2

CHUNK = 1024 * 1024

#: Chooses the members to read, from their path inside the archive.
Wanted = Callable[[str], bool]


def max_import_bytes() -> int:
    """``MOSTRA_IMPORT_MAX_BYTES`` (setting or environment), 2 GiB by default."""
    value = getattr(settings, "MOSTRA_IMPORT_MAX_BYTES", None) or os.environ.get(
        "MOSTRA_IMPORT_MAX_BYTES"
    )
    return int(value) if value else DEFAULT_MAX_BYTES


def damaged() -> ImportRefused:
    return ImportRefused(
        _("The file is truncated or damaged: download it again from the network, then import it.")
    )


def too_large(size: int) -> ImportRefused:
    return ImportRefused(
        _(
            "The file is too large to import (%(size)s MB; mostra accepts up to %(limit)s MB). "
            "Import only the posts' files (for an X archive, the data folder's tweets*.js "
            "files, zipped), or ask the administrator to raise MOSTRA_IMPORT_MAX_BYTES."
        )
        % {"size": _mb(size), "limit": _mb(max_import_bytes())}
    )


def _mb(size: int) -> str:
    return f"{size / 1024**2:.1f}".rstrip("0").rstrip(".")


def bomb() -> ImportRefused:
    return ImportRefused(
        _(
            "The archive expands to far more than its size (it looks like a zip bomb): "
            "nothing was read. Import the archive as the network gave it."
        )
    )


def unsafe_member(name: str) -> ImportRefused:
    return ImportRefused(
        _(
            "The archive holds “%(name)s”, a path outside the archive or a link: mostra "
            "refuses such archives. Import the archive as the network gave it."
        )
        % {"name": name[:200]}
    )


@dataclass
class Members:
    """The members read from what was given, by path, and every path listed."""

    #: "folder", "zip", "tar" or "file".
    container: str
    data: dict[str, bytes] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)


def check_size(path: Path) -> int:
    """The size of ``path`` on disk, or a refusal when it is over the cap (nothing read)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRefused(
            _("The file %(name)s cannot be read: %(reason)s.")
            % {"name": path.name, "reason": exc.strerror or exc}
        ) from exc
    if size > max_import_bytes():
        raise too_large(size)
    return size


def safe_name(name: str) -> str:
    """The member's path, or a refusal when it is absolute or climbs out with ``..``."""
    clean = name.replace("\\", "/")
    parts = PurePosixPath(clean).parts
    if (
        clean.startswith("/")
        or (len(clean) > 1 and clean[1] == ":")
        or ".." in parts
        or "\x00" in clean
    ):
        raise unsafe_member(name)
    return clean


#: Errors a damaged archive raises while it is read.
DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    gzip.BadGzipFile,
    tarfile.TarError,
    EOFError,
    zlib.error,
    NotImplementedError,  # a zip's unsupported compression method
)


class _Member(io.RawIOBase):
    """A member's bytes as read: a damaged archive becomes :func:`damaged`, and closing
    it closes what the member was read through (a tar pass: the tar, the file)."""

    def __init__(self, inner: IO[bytes], closing: tuple[IO[bytes], ...] = ()) -> None:
        self.inner = inner
        self.closing = closing

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self.inner.read(len(buffer))
        except DAMAGED as exc:
            raise damaged() from exc
        except OSError as exc:
            raise damaged() from exc
        n = len(data)
        buffer[:n] = data
        return n

    def close(self) -> None:
        if not self.closed:
            for item in (self.inner, *self.closing):
                item.close()
        super().close()


def _stream(inner: IO[bytes], *closing: IO[bytes]) -> IO[bytes]:
    return io.BufferedReader(_Member(inner, closing), CHUNK)


class Archive:
    """What was given, opened: every member listed and checked; members read on demand.

    ``with open_archive(path) as archive:`` then :attr:`names`, :meth:`open` (a stream)
    and :meth:`read` (the member whole). A member never listed is refused (KeyError).
    """

    #: "folder", "zip", "tar" or "file".
    container: str = "file"

    def __init__(self) -> None:
        self.names: list[str] = []
        #: Members read by the listing pass (a tar's small chosen ones).
        self.kept: dict[str, bytes] = {}

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the file (a zip keeps it open while its members are read)."""

    def open(self, name: str) -> IO[bytes]:
        """The member ``name`` as a stream of bytes (close it when done)."""
        if name in self.kept:
            return io.BytesIO(self.kept[name])
        if name not in self.names:
            raise KeyError(name)
        return self._open(name)

    def read(self, name: str) -> bytes:
        """The member ``name`` whole, refused past :data:`MAX_MEMBER_BYTES`."""
        if name in self.kept:
            return self.kept[name]
        return _bounded(self.open(name), name)

    def _open(self, name: str) -> IO[bytes]:
        raise NotImplementedError


class _File(Archive):
    """One plain file given on its own, under the name the user gave it."""

    def __init__(self, path: Path, name: str) -> None:
        super().__init__()
        self.path = path
        self.names = [name]

    def _open(self, name: str) -> IO[bytes]:
        return _stream(self.path.open("rb"))


class _Folder(Archive):
    container = "folder"

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.base = root.resolve()
        for current, _dirs, file_names in os.walk(self.base):
            for file_name in file_names:
                full = Path(current) / file_name
                self.names.append(full.relative_to(self.base).as_posix())
        if len(self.names) > MAX_MEMBERS:
            raise bomb()

    def _open(self, name: str) -> IO[bytes]:
        resolved = (self.base / name).resolve()
        if not resolved.is_relative_to(self.base) or not resolved.is_file():
            raise unsafe_member(name)
        check_size(resolved)
        return _stream(resolved.open("rb"))


class _Zip(Archive):
    container = "zip"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.archive = zipfile.ZipFile(path)
        self.infos: dict[str, zipfile.ZipInfo] = {}
        infos = self.archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise bomb()
        total = 0
        for info in infos:
            name = safe_name(info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise unsafe_member(info.filename)
            total += info.file_size
            big = info.file_size > RATIO_FLOOR_BYTES
            if big and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise bomb()
            if not info.is_dir():
                self.names.append(name)
                self.infos[name] = info
        if total > MAX_UNCOMPRESSED_BYTES:
            raise bomb()

    def close(self) -> None:
        self.archive.close()

    def _open(self, name: str) -> IO[bytes]:
        # The declared sizes were checked; zipfile stops at the declared size.
        try:
            return _stream(self.archive.open(self.infos[name]))
        except DAMAGED as exc:
            raise damaged() from exc


class _Counted(io.RawIOBase):
    """A stream that counts what is read through it and stops past a cap."""

    def __init__(self, inner: IO[bytes], cap: int | None = None) -> None:
        self.inner = inner
        self.count = 0
        self.cap = cap
        self.packed: _Counted | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        if self.cap is not None and self.count > self.cap:
            raise bomb()
        if self.packed is not None and self.count > RATIO_FLOOR_BYTES:
            if self.count > MAX_RATIO * max(self.packed.count, 1):
                raise bomb()
        return n


def _unpacked(path: Path) -> tuple[IO[bytes], IO[bytes]]:
    """(the file, its gzip stream decompressed), counted against the caps."""
    raw_file = path.open("rb")
    packed = _Counted(raw_file)
    unpacked = _Counted(gzip.GzipFile(fileobj=packed, mode="rb"), MAX_UNCOMPRESSED_BYTES)
    unpacked.packed = packed
    return raw_file, io.BufferedReader(unpacked, CHUNK)


class _Gzipped(Archive):
    """One gzipped file (not a tar): read again from the start each time it is opened."""

    def __init__(self, path: Path, name: str) -> None:
        super().__init__()
        self.path = path
        self.names = [name]

    def _open(self, name: str) -> IO[bytes]:
        raw_file, stream = _unpacked(self.path)
        return _stream(stream, raw_file)


class _Tar(Archive):
    """A .tar.gz: listed and checked in one pass, which keeps the small chosen members;
    a member opened as a stream is another pass, up to it."""

    container = "tar"

    def __init__(self, path: Path, stream: IO[bytes], keep: Wanted) -> None:
        super().__init__()
        self.path = path
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for info in archive:
                if len(self.names) >= MAX_MEMBERS:
                    raise bomb()
                name = safe_name(info.name)
                if info.isdir():
                    continue
                if not info.isfile():  # links, devices, fifos
                    raise unsafe_member(info.name)
                self.names.append(name)
                if keep(name) and info.size <= KEEP_BYTES:
                    extracted = archive.extractfile(info)
                    if extracted is None:
                        raise damaged()
                    self.kept[name] = _bounded(extracted, name)

    def _open(self, name: str) -> IO[bytes]:
        raw_file, stream = _unpacked(self.path)
        try:
            archive = tarfile.open(fileobj=stream, mode="r|")
            for info in archive:
                if info.isfile() and safe_name(info.name) == name:
                    extracted = archive.extractfile(info)
                    if extracted is None:
                        break
                    return _stream(extracted, archive, raw_file)  # type: ignore[arg-type]
        except DAMAGED as exc:
            raw_file.close()
            raise damaged() from exc
        except BaseException:
            raw_file.close()
            raise
        raw_file.close()
        raise damaged()


def open_archive(
    path: Path, *, keep: Wanted = lambda name: False, filename: str | None = None
) -> Archive:
    """What ``path`` holds, listed and checked, its members ready to read.

    ``keep`` chooses the members a .tar.gz's listing pass reads into memory (the small
    ones a reader needs first: read again from the start otherwise).

    Steps:
    1. a folder: its files (links that lead outside it refused when opened);
    2. otherwise check the file's size, then its first bytes: ``PK`` is a zip, ``1f 8b``
       a gzip stream (a .tar.gz, or one gzipped file), anything else one plain file
       named ``filename`` (the upload's original name) or the path's own name;
    3. list and check every member before any is read.
    """
    if path.is_dir():
        return _Folder(path)
    check_size(path)
    with path.open("rb") as file:
        head = file.read(4)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _read_zip(path)
    if head.startswith(b"\x1f\x8b"):
        return _read_gzip(path, keep)
    return _File(path, filename or path.name)


def read_members(path: Path, wanted: Wanted, *, filename: str | None = None) -> Members:
    """The members of ``path`` that ``wanted`` chooses, read whole into memory (small
    files: a workbook's checks, a CAR); a single file (not an archive) is always read:
    the user chose it."""
    with open_archive(path, keep=wanted, filename=filename) as archive:
        members = Members(archive.container, names=list(archive.names))
        for name in archive.names:
            if wanted(name) or archive.container == "file":
                members.data[name] = archive.read(name)
    return members


def _bounded(stream: IO[bytes], name: str, limit: int | None = None) -> bytes:
    """Read ``stream`` whole, refusing past ``limit`` bytes (never trusting declared sizes)."""
    limit = MAX_MEMBER_BYTES if limit is None else limit
    buffer = io.BytesIO()
    with stream:
        while chunk := stream.read(CHUNK):
            buffer.write(chunk)
            if buffer.tell() > limit:
                raise bomb()
    return buffer.getvalue()


def _read_zip(path: Path) -> Archive:
    try:
        return _Zip(path)
    except DAMAGED as exc:
        raise damaged() from exc


def _read_gzip(path: Path, keep: Wanted) -> Archive:
    """A .tar.gz (listed in one pass) or a single gzipped file."""
    raw_file, stream = _unpacked(path)
    with raw_file:
        try:
            head = stream.peek(512)[:512]
            if len(head) == 512 and head[257:262] == b"ustar" or _looks_like_tar(head):
                return _Tar(path, stream, keep)
            return _Gzipped(path, path.name.removesuffix(".gz"))
        except (*DAMAGED, OSError) as exc:
            raise damaged() from exc


def _looks_like_tar(head: bytes) -> bool:
    """An old-style (v7) tar header: a checksum that matches the block."""
    if len(head) < 512:
        return False
    try:
        stored = int(head[148:156].replace(b"\x00", b" ").strip() or b"-1", 8)
    except ValueError:
        return False
    return stored == sum(head[:148]) + 256 + sum(head[156:512])
