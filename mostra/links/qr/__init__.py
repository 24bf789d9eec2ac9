"""QR codes of the workspace's short links, for offline supports (cards, flyers, posters,
stickers): drawn by segno as SVG, PNG or vector PDF, in the workspace's colours with an
optional logo, each support scanning through its own child short link."""

from mostra.links.qr.errors import QrRefused
from mostra.links.qr.render import QrStyle, render_pdf, render_png, render_svg

__all__ = ["QrRefused", "QrStyle", "render_pdf", "render_png", "render_svg"]
