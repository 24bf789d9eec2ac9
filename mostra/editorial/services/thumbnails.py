"""Small versions of the images, for the calendar's chips and the previews.

A thumbnail is made from the stored image on its first request (Pillow, at most
:data:`SIZE` pixels a side, WebP) and kept next to it in the workspace's folder
(``<file>.thumb.webp``), so the workspace's deletion removes it with the rest. The
media view (:func:`mostra.editorial.views.posts_media.media_file`, ``?size=thumb``)
serves it after the same membership check as the original.
"""

from __future__ import annotations

import io
import warnings

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from mostra.editorial.models import PostMedia
from mostra.editorial.services.media import IMAGE_FORMATS, MAX_PIXELS

SIZE = 320
SUFFIX = ".thumb.webp"


def thumbnail_name(item: PostMedia) -> str:
    return f"{item.file.name}{SUFFIX}"


def thumbnail(item: PostMedia) -> str | None:
    """The storage name of the image's thumbnail, made when missing; None for a video or
    a file that cannot be read (the caller then serves the original)."""
    if item.kind == "video" or not item.file.name:
        return None
    name = thumbnail_name(item)
    if default_storage.exists(name):
        return name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with default_storage.open(item.file.name, "rb") as handle:
                with Image.open(handle, formats=list(IMAGE_FORMATS)) as image:
                    if image.width * image.height > MAX_PIXELS:
                        return None
                    image.seek(0)  # an animated GIF: its first frame
                    small = ImageOps.exif_transpose(image.copy())
        small.thumbnail((SIZE, SIZE))
        if small.mode not in ("RGB", "RGBA"):
            small = small.convert("RGBA")
        buffer = io.BytesIO()
        small.save(buffer, format="WEBP", quality=80)
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    return default_storage.save(name, ContentFile(buffer.getvalue()))
