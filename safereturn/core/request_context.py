"""The request facts every audit event carries (request id, client address), held in a
context variable so services deep in the stack can read them without a request argument."""

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None
    user_agent: str = ""


_EMPTY = RequestContext()
_current = contextvars.ContextVar("safereturn_request_context", default=None)


def current():
    return _current.get() or _EMPTY


def activate(context):
    return _current.set(context)


def reset(token):
    _current.reset(token)


def new_request_id():
    return uuid.uuid4().hex
