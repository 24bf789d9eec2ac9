from __future__ import annotations

from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

#: A row id: bounded so that a huge number is refused, not passed to the database.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
#: A value stored in a (positive) integer column; the services check the lower bound.
Number = Annotated[int, Field(le=2**31 - 1)]


class Message(Schema):
    """An error that is not about a field: 401, 403, 404."""

    detail: str


class ErrorItem(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrors(Schema):
    """422: what to fix, field by field (``loc`` names the field when there is one)."""

    detail: list[ErrorItem]


def _drop_null(schema: dict[str, Any]) -> None:
    """Document patch fields without ``null``: they are optional, not nullable."""
    for prop in schema.get("properties", {}).values():
        variants = [v for v in prop.get("anyOf", []) if v != {"type": "null"}]
        if "anyOf" in prop and len(variants) == 1:
            del prop["anyOf"]
            prop.update(variants[0])
        elif "anyOf" in prop:
            prop["anyOf"] = variants
        if prop.get("default", "") is None:
            del prop["default"]


class PatchSchema(Schema):
    """A partial update: leave a field out to keep its value; ``null`` is refused."""

    model_config = ConfigDict(json_schema_extra=_drop_null)

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError(_("This field cannot be null: leave it out to keep its value."))
        return value

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, as plain JSON values."""
        return self.model_dump(exclude_unset=True, mode="json")


#: Errors any workspace route can answer.
NOT_FOUND: dict[int, Any] = {401: Message, 404: Message}
#: ... and a route that changes something (409: the workspace is archived).
INVALID: dict[int, Any] = {**NOT_FOUND, 403: Message, 409: Message, 422: ValidationErrors}
