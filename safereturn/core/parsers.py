"""The API's JSON parser (``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``), in a module of its own: DRF
reads that setting while ``rest_framework.views`` loads, before ``core.api`` could be imported."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers


def _depth_exceeds(value, limit):
    """Whether ``value`` nests arrays and objects more than ``limit`` deep (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a nesting limit (``SAFERETURN_API_MAX_JSON_DEPTH``): a body nested too
    deep is a 400 with a message, never a ``RecursionError`` in the decoder or further on."""

    def parse(self, stream, media_type=None, parser_context=None):
        message = _("The JSON body is nested too deeply (at most %(depth)d levels of arrays and objects).") % {
            "depth": settings.SAFERETURN_API_MAX_JSON_DEPTH
        }
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(message) from exc
        if _depth_exceeds(data, settings.SAFERETURN_API_MAX_JSON_DEPTH):
            raise exceptions.ParseError(message)
        return data
