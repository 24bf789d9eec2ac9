"""Media of posts: what a file really is, storing it once, and its alt text.

A file is judged by its bytes, never by its name or the browser's Content-Type:

1. larger than ``MOSTRA_MAX_UPLOAD_MB``: refused (the upload handler stops storing it
   as soon as it passes the limit, so a huge file never fills the disk or the memory);
2. SVG (any XML with an ``<svg`` element): refused, networks do not take it;
3. an ISO base media file (``ftyp`` box): MP4 or QuickTime video, by its brand;
4. otherwise Pillow must recognise a JPEG, PNG, WebP or GIF image: ``verify()``, then
   reopened to read its size, with a ceiling on pixels against decompression bombs;
5. a file whose name claims a format it is not (a text file named ``.png``): refused.

Files are stored under their SHA-256 (``PostMedia.sha256``), once per workspace even
when several variants use them; a file is deleted when no media refers to it any more.
Per-network rules (count, size, type, mixing) are the charter's checks.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from mostra.core.errors import DomainError
from mostra.core.models import Workspace
from mostra.editorial.models import MediaKind, PostMedia, PostVariant
from mostra.editorial.models.post import media_path

#: Images larger than this many pixels are refused (a 12,000 × 8,000 photo fits).
MAX_PIXELS = 100_000_000
#: Pillow format -> (MIME type, extension).
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "GIF": ("image/gif", "gif"),
}
#: What a file name's extension claims, as a Pillow format (or "VIDEO").
CLAIMS = {
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WEBP",
    "gif": "GIF",
    "mp4": "VIDEO",
    "m4v": "VIDEO",
    "mov": "VIDEO",
}
QUICKTIME_BRANDS = {b"qt  "}
MP4_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
    b"M4VH", b"M4VP", b"dash", b"msnv", b"XAVC", b"3gp4", b"3gp5", b"3gp6", b"3g2a",
}  # fmt: skip


def max_upload_bytes() -> int:
    return int(getattr(settings, "MOSTRA_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))


def too_large_message(name: str) -> str:
    return _(
        "“%(name)s” is larger than %(limit)s MB, the most mostra accepts: nothing was "
        "saved. Compress or shorten it, then add it again."
    ) % {"name": name, "limit": max_upload_bytes() // (1024 * 1024)}


class SizeLimitUploadHandler(FileUploadHandler):
    """Stop receiving a file as soon as it passes the limit; the view says why.

    The rest of the request is still read (its other fields stay usable); the names
    of the files refused are in ``request.uploads_too_large``.
    """

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            refused = getattr(self.request, "uploads_too_large", [])
            refused.append(self.file_name or "")
            self.request.uploads_too_large = refused  # type: ignore[union-attr]
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@dataclass
class CheckedMedia:
    """A file that passed the checks, ready to be stored."""

    file: IO[bytes]
    original_name: str
    kind: str
    mime_type: str
    extension: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    duration: float | None = None


def _claim(name: str) -> str | None:
    return CLAIMS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


def _is_svg(head: bytes, name: str, content_type: str) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (
        name.lower().endswith((".svg", ".svgz"))
        or "svg" in content_type.lower()
        or b"<svg" in text
        or (text.startswith(b"<?xml") and b"svg" in text)
    )


def _sha256(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for block in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(block)
    file.seek(0)
    return digest.hexdigest()


def _video_duration(file: IO[bytes], size: int) -> float | None:
    """The duration from the ``moov/mvhd`` box, walking the boxes without reading media."""

    def boxes(start: int, end: int):  # noqa: ANN202 - yields (type, body start, body end)
        pos = start
        while pos + 8 <= end:
            file.seek(pos)
            header = file.read(16)
            if len(header) < 8:
                return
            length, kind = struct.unpack(">I4s", header[:8])
            body = pos + 8
            if length == 1 and len(header) == 16:
                length, body = struct.unpack(">Q", header[8:16])[0], pos + 16
            elif length == 0:
                length = end - pos
            if length < 8:
                return
            yield kind, body, min(pos + length, end)
            pos += length

    try:
        for kind, body, end in boxes(0, size):
            if kind != b"moov":
                continue
            for inner, inner_body, _inner_end in boxes(body, end):
                if inner == b"mvhd":
                    file.seek(inner_body)
                    version = file.read(4)[0]
                    if version == 1:
                        file.seek(16, io.SEEK_CUR)
                        timescale, duration = struct.unpack(">IQ", file.read(12))
                    else:
                        file.seek(8, io.SEEK_CUR)
                        timescale, duration = struct.unpack(">II", file.read(8))
                    return round(duration / timescale, 3) if timescale else None
    except (struct.error, IndexError, OSError):
        return None
    finally:
        file.seek(0)
    return None


def _not_a(name: str, claimed: str) -> DomainError:
    label = "JPEG" if claimed == "JPEG" else ("WebP" if claimed == "WEBP" else claimed)
    if claimed == "VIDEO":
        return DomainError(
            _("“%(name)s” is not an MP4 or MOV video, whatever its name says.") % {"name": name},
            field="upload",
        )
    return DomainError(
        _("“%(name)s” is not a %(format)s image, whatever its name says.")
        % {"name": name, "format": label},
        field="upload",
    )


def inspect(upload: Any) -> CheckedMedia:
    """Check an uploaded file (see the module's docstring) or raise a DomainError."""
    name = str(getattr(upload, "name", "") or "file")[-255:]
    size = int(getattr(upload, "size", 0) or 0)
    content_type = str(getattr(upload, "content_type", "") or "")
    if size > max_upload_bytes():
        raise DomainError(too_large_message(name), field="upload")
    if size == 0:
        raise DomainError(_("“%(name)s” is empty.") % {"name": name}, field="upload")
    file: IO[bytes] = upload.file if hasattr(upload, "file") else upload
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    claimed = _claim(name)
    if _is_svg(head, name, content_type):
        raise DomainError(
            _(
                "“%(name)s” is an SVG drawing: networks do not take SVG, and it may carry "
                "scripts. Export it as PNG, then add the PNG."
            )
            % {"name": name},
            field="upload",
        )
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in QUICKTIME_BRANDS:
            mime, ext = "video/quicktime", "mov"
        elif brand in MP4_BRANDS:
            mime, ext = "video/mp4", "mp4"
        else:
            raise DomainError(
                _("“%(name)s” is a kind of video mostra does not take: export it as MP4.")
                % {"name": name},
                field="upload",
            )
        if claimed not in (None, "VIDEO"):
            raise _not_a(name, claimed)
        return CheckedMedia(
            file=file,
            original_name=name,
            kind=MediaKind.VIDEO,
            mime_type=mime,
            extension=ext,
            size=size,
            sha256=_sha256(file),
            duration=_video_duration(file, size),
        )
    return _inspect_image(file, name, size, claimed)


def _inspect_image(file: IO[bytes], name: str, size: int, claimed: str | None) -> CheckedMedia:
    unsupported = DomainError(
        _(
            "“%(name)s” is neither an image (JPEG, PNG, WebP, GIF) nor a video (MP4, MOV) "
            "that mostra can check: export it in one of these formats."
        )
        % {"name": name},
        field="upload",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=list(IMAGE_FORMATS)) as image:
                fmt = image.format or ""
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                image.verify()
            file.seek(0)
            with Image.open(file, formats=list(IMAGE_FORMATS)) as image:
                width, height = image.size
                frames = int(getattr(image, "n_frames", 1) or 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DomainError(
            _(
                "“%(name)s” has too many pixels to be an image for a network: resize it "
                "(at most 100 million pixels)."
            )
            % {"name": name},
            field="upload",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as exc:
        if claimed:
            raise _not_a(name, claimed) from exc
        raise unsupported from exc
    finally:
        file.seek(0)
    if claimed and claimed != fmt:
        raise _not_a(name, claimed)
    if fmt not in IMAGE_FORMATS:
        raise unsupported
    mime, ext = IMAGE_FORMATS[fmt]
    kind = MediaKind.GIF if fmt == "GIF" and frames > 1 else MediaKind.IMAGE
    return CheckedMedia(
        file=file,
        original_name=name,
        kind=kind,
        mime_type=mime,
        extension=ext,
        size=size,
        sha256=_sha256(file),
        width=width,
        height=height,
    )


# --- Storing -------------------------------------------------------------------------


def _stored_name(checked: CheckedMedia, variant: PostVariant) -> str:
    stem = get_valid_filename(checked.original_name.rsplit(".", 1)[0])[:60] or "media"
    probe = PostMedia(variant=variant, sha256=checked.sha256)
    return media_path(probe, f"{stem}.{checked.extension}")


def attach(checked: CheckedMedia, variants: list[PostVariant], alt_text: str) -> list[str]:
    """Attach a checked file to variants (stored once); the names of files newly written."""
    written: list[str] = []
    if not variants:
        return written
    name = _stored_name(checked, variants[0])
    if not default_storage.exists(name):
        checked.file.seek(0)
        name = default_storage.save(name, checked.file)
        written.append(name)
    for variant in variants:
        last = variant.media.aggregate(m=Max("position"))["m"]
        PostMedia.objects.create(
            variant=variant,
            file=name,
            original_name=checked.original_name,
            kind=checked.kind,
            mime_type=checked.mime_type,
            size=checked.size,
            width=checked.width,
            height=checked.height,
            duration=checked.duration,
            sha256=checked.sha256,
            alt_text=alt_text.strip(),
            position=0 if last is None else last + 1,
        )
    return written


def update_media(variant: PostVariant, alt_texts: dict[int, str], remove: set[int]) -> None:
    """New alt texts for a variant's media, and the media taken off it."""
    files = []
    for item in variant.media.all():
        if item.pk in remove:
            files.append(item.file.name)
            item.delete()
        elif item.pk in alt_texts and alt_texts[item.pk].strip() != item.alt_text:
            item.alt_text = alt_texts[item.pk].strip()
            item.save(update_fields=["alt_text"])
    forget_files_after_commit(files)


def remove_files(names: list[str]) -> None:
    for name in names:
        if name and not PostMedia.objects.filter(file=name).exists():
            default_storage.delete(name)


def forget_files_after_commit(names: list[str | None]) -> None:
    """Delete these files once the transaction commits, unless a media still uses them
    (a media without a file, ``None`` or ``""``, has nothing to delete)."""
    kept = [name for name in names if name]
    if kept:
        transaction.on_commit(lambda: remove_files(kept))


def workspace_folder(workspace_id: int) -> str:
    """Where the workspace's files are stored (the first part of :func:`media_path`)."""
    return f"posts/{workspace_id}"


def forget_workspace_files(workspace: Workspace) -> None:
    """Delete the workspace's folder of files once its deletion commits.

    For :data:`mostra.core.services.archive.BEFORE_DELETE`. Every file of the folder
    goes, the ones its media named and any left behind, except a file that a media of
    another workspace still names.
    """
    folder = workspace_folder(workspace.pk)
    transaction.on_commit(lambda: _remove_folder(folder))


def _remove_folder(folder: str) -> None:
    still_used = set(
        PostMedia.objects.filter(file__startswith=f"{folder}/").values_list("file", flat=True)
    )
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        if f"{folder}/{name}" not in still_used:
            default_storage.delete(f"{folder}/{name}")
    for directory in directories:
        _remove_folder(f"{folder}/{directory}")
    try:  # a file system keeps empty directories: remove the folder once it is empty
        Path(default_storage.path(folder)).rmdir()
    except (NotImplementedError, OSError):
        pass


def saved_media(workspace: Workspace, post_id: int, network: str) -> list[PostMedia] | None:
    """The media of a post's variant for ``network`` (the charter's live check), or None
    when the workspace has no post ``post_id``."""
    from mostra.editorial.models import Post

    if not Post.objects.filter(pk=post_id, workspace=workspace).exists():
        return None
    return list(PostMedia.objects.filter(variant__post_id=post_id, variant__network=network))
