from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mostra.api"
    label = "api"
    verbose_name = "API"
