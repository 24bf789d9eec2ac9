"""Opening what a user gives to import, safely: a folder, a .zip, a .tar.gz or one file.

An archive from the internet may be damaged, or built to harm: a zip bomb (a few
kilobytes that expand to terabytes), members named ``../../etc/passwd`` or ``/etc``,
symbolic links and devices in a tar. Nothing here ever extracts to disk: the members an
importer asks for are read into memory, each within a size cap, and everything else is
only listed. The checks come before any reading:

* the file itself: at most ``MOSTRA_IMPORT_MAX_BYTES`` (2 GiB by default), checked
  from its size on disk before a byte is read;
* every member's name: relative, no ``..``, no drive letter; in a tar, regular files and
  folders only;
* zip: at most :data:`MAX_MEMBERS` members, declared sizes adding up to at most
  :data:`MAX_UNCOMPRESSED_BYTES`, no member expanding more than :data:`MAX_RATIO` times;
* tar.gz: the same caps counted while the stream is decompressed (a gzip stream does not
  declare its size), so a bomb stops after at most the cap, not after the disk is full;
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
#: The most bytes of one member read into memory.
MAX_MEMBER_BYTES = 1024**3

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


def read_members(path: Path, wanted: Wanted, *, filename: str | None = None) -> Members:
    """The members of ``path`` that ``wanted`` chooses, read safely into memory.

    A single file (not an archive) is always read: the user chose it.

    Steps:
    1. a folder: its files (links that lead outside it refused);
    2. otherwise check the file's size, then its first bytes: ``PK`` is a zip, ``1f 8b``
       a gzip stream (a .tar.gz, or one gzipped file), anything else one plain file
       named ``filename`` (the upload's original name) or the path's own name;
    3. list and check every member before reading the chosen ones.
    """
    if path.is_dir():
        return _read_folder(path, wanted)
    check_size(path)
    with path.open("rb") as file:
        head = file.read(4)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _read_zip(path, wanted)
    if head.startswith(b"\x1f\x8b"):
        return _read_gzip(path, wanted)
    name = filename or path.name
    # One file given on its own is the one to read, whatever its name.
    members = Members("file", names=[name])
    members.data[name] = _bounded(path.open("rb"), name)
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


def _read_folder(root: Path, wanted: Wanted) -> Members:
    members = Members("folder")
    base = root.resolve()
    for current, _dirs, files in os.walk(base):
        for file_name in files:
            full = Path(current) / file_name
            name = full.relative_to(base).as_posix()
            members.names.append(name)
            if not wanted(name):
                continue
            resolved = full.resolve()
            if not resolved.is_relative_to(base) or not resolved.is_file():
                raise unsafe_member(name)
            check_size(resolved)
            members.data[name] = _bounded(resolved.open("rb"), name)
    if len(members.names) > MAX_MEMBERS:
        raise bomb()
    return members


def _read_zip(path: Path, wanted: Wanted) -> Members:
    members = Members("zip")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
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
                    members.names.append(name)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise bomb()
            for info in infos:
                name = info.filename.replace("\\", "/")
                if not info.is_dir() and wanted(name):
                    members.data[name] = _bounded(archive.open(info), name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as exc:
        raise damaged() from exc
    except NotImplementedError as exc:  # an unsupported compression method
        raise damaged() from exc
    return members


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


def _read_gzip(path: Path, wanted: Wanted) -> Members:
    """A .tar.gz (streamed once, members chosen by name) or a single gzipped file."""
    with path.open("rb") as raw_file:
        packed = _Counted(raw_file)
        unpacked = _Counted(gzip.GzipFile(fileobj=packed, mode="rb"), MAX_UNCOMPRESSED_BYTES)
        unpacked.packed = packed
        stream = io.BufferedReader(unpacked, CHUNK)
        try:
            head = stream.peek(512)[:512]
            if len(head) == 512 and head[257:262] == b"ustar" or _looks_like_tar(head):
                return _read_tar(stream, wanted)
            name = path.name.removesuffix(".gz")
            members = Members("file", names=[name])
            members.data[name] = _bounded(stream, name)
            return members
        except (gzip.BadGzipFile, EOFError, zlib.error, tarfile.TarError, OSError) as exc:
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


def _read_tar(stream: IO[bytes], wanted: Wanted) -> Members:
    members = Members("tar")
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for info in archive:
            if len(members.names) >= MAX_MEMBERS:
                raise bomb()
            name = safe_name(info.name)
            if info.isdir():
                continue
            if not info.isfile():  # links, devices, fifos
                raise unsafe_member(info.name)
            members.names.append(name)
            if wanted(name):
                extracted = archive.extractfile(info)
                if extracted is None:
                    raise damaged()
                members.data[name] = _bounded(extracted, name)
    return members
