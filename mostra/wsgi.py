"""WSGI entry point (waitress in `mostra serve`, or any WSGI server)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mostra.settings")
application = get_wsgi_application()
