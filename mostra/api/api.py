"""The REST API (django-ninja): thin, calls the domain services, holds no rules."""

from ninja import NinjaAPI

api = NinjaAPI(title="mostra API", version="1", urls_namespace="api")
