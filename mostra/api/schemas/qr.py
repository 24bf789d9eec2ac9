"""What a QR code request carries."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema


class QrIn(Schema):
    format: Literal["svg", "png", "pdf"] = "svg"
    template: Literal["", "card", "flyer", "poster", "stickers"] = ""
    support: str = Field("", max_length=60, description="Default: the template's support.")
    call_to_action: str = Field("", max_length=400)
    dark: str = Field("", max_length=20, description="#rrggbb; default black.")
    light: str = Field("", max_length=20, description="#rrggbb; default white.")
    logo_base64: str = Field("", max_length=3_000_000, description="A PNG or JPEG, base64.")
    size_px: int | None = Field(None, ge=1, le=100_000)
    size_mm: float | None = Field(None, gt=0, le=10_000)
    dpi: int = Field(300, ge=1, le=10_000)
