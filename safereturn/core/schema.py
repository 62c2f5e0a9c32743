"""The OpenAPI schema's generator (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``): every operation documents
the error answers ``core.api.exception_handler`` gives, so a client (and the schema tests) can rely on
the status codes it gets."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """An error answer: what went wrong, in the officer's language."""

    detail = serializers.CharField()


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema with the error answers every operation can give (``exception_handler``):
    400 bad input (a message per field), 401 not signed in, 403 refused, 404 not found (or hidden by the
    policy), and for changes 409 (a stale version, a state that does not allow the step)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors_by_code = {
            "400": OpenApiTypes.OBJECT,
            "401": ErrorSerializer,
            "403": ErrorSerializer,
            "404": ErrorSerializer,
        }
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            errors_by_code["409"] = ErrorSerializer
        for code, body in errors_by_code.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(body, code, direction=direction)
        return responses
