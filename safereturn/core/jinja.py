"""The Jinja2 environment for the pages opened most (the case page): compiled templates render several
times faster than Django's. Translations come from Django's catalogue (``_("…")``, which
``make messages`` extracts from these templates as from Django's), URLs from ``url()``, static files
from ``static()``. Django templates stay for every other page; the header, messages and footer are
Jinja2 partials both kinds of page draw (``layout/*.html``, through the ``chrome`` template tag).

Each language gets its own compiled templates, with every ``_("constant")`` already translated
(``FoldTranslations``): a page no longer looks up its hundred labels in the catalogue each time.
"""

import functools
import secrets
import uuid

import jinja2
import jinja2.ext
import jinja2.lexer
from django.template import TemplateSyntaxError
from django.template.backends import jinja2 as django_jinja2
from django.template.backends.utils import csrf_input, csrf_token_lazy
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst
from django.utils.translation import trans_real
from jinja2 import Environment, pass_eval_context
from markupsafe import Markup, escape

from .display import date_text, label

_url_patterns = {}
# Stand-ins for a link's arguments: reversed once, then replaced by the real values. They pass the
# URL converters and cannot occur elsewhere in a path.
_STAND_INS = {uuid.UUID: uuid.UUID("00000000-0000-4000-8000-00000000abcd"), int: 987654321012345}


def url(name, *args):
    """``reverse(name, args=args)``. Links whose arguments are all UUIDs or integers (a case's, a
    task's) are reversed once per process, prefix and argument types, then filled in."""
    if any(type(arg) not in _STAND_INS for arg in args):
        return reverse(name, args=args or None)
    key = (name, get_script_prefix(), get_urlconf(), tuple(type(arg) for arg in args))
    parts = _url_patterns.get(key)
    if parts is None:
        text = reverse(name, args=[_STAND_INS[type(arg)] for arg in args] or None)
        parts = []
        for arg in args:
            before, found, text = text.partition(str(_STAND_INS[type(arg)]))
            if not found:
                return reverse(name, args=args)
            parts.append(before)
        parts.append(text)
        parts = _url_patterns[key] = tuple(parts)
    pieces = [parts[0]]
    for arg, after in zip(args, parts[1:], strict=True):
        pieces += [str(arg), after]
    return "".join(pieces)


@pass_eval_context
def linebreaksbr(eval_ctx, value):
    """Django's ``linebreaksbr``: the text escaped, each line break a ``<br>``."""
    text = str(escape(value)) if eval_ctx.autoescape else str(value)
    return Markup(text.replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S704 - escaped above


@functools.lru_cache(maxsize=512)
def static_url(path):
    """``static()``: a static file's (hashed) URL, fixed for the life of the process once collected."""
    return static(path)


_headers = {}
_HEADERS_KEPT = 2000
# Stand-ins drawn into a remembered header where each page puts its own CSRF field and path.
_CSRF_STAND_IN = f"csrf-{secrets.token_hex(8)}"
_PATH_STAND_IN = f"path-{secrets.token_hex(8)}"


@jinja2.pass_context
def page_header(context):
    """layout/header.html for this page. It depends only on the officer's name and staff flag, the
    role they act in and the links their agency adds, the language and demo mode, so it is drawn once
    for each of those and kept; each page then fills in its own CSRF field (a fresh mask) and its own
    path."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    membership = context.get("active_membership")
    key = (
        context.get("LANGUAGE_CODE"),
        bool(context.get("DEMO_MODE")),
        user.pk if signed_in else None,
        user.display_name() if signed_in else None,
        signed_in and user.is_staff,
        membership.role if membership else None,
        tuple(context.get("MENU_LINKS") or ()),  # safereturn.access.context_processors: by agency and role
        int(context.get("notifications_unread") or 0),  # safereturn.notifications.context_processors
    )
    html = _headers.get(key)
    if html is None:
        if len(_headers) >= _HEADERS_KEPT:
            _headers.clear()
        names = ("LANGUAGE_CODE", "LANGUAGES", "DEMO_MODE", "CASE_ROLES", "MENU_LINKS", "active_membership")
        html = _headers[key] = context.environment.get_template("layout/header.html").render(
            {name: context.get(name) for name in names}
            | {"user": user, "csrf_input": Markup(_CSRF_STAND_IN), "next_path": Markup(_PATH_STAND_IN)}  # noqa: S704
            | {"notifications_unread": key[-1]}
        )
    csrf = str(context.get("csrf_input") or "")
    path = str(escape(request.get_full_path())) if request is not None else ""
    return Markup(html.replace(_CSRF_STAND_IN, csrf).replace(_PATH_STAND_IN, path))  # noqa: S704 - drawn escaped


class FoldTranslations(jinja2.ext.Extension):
    """In an environment made for one language, ``_("constant")`` and ``gettext("constant")`` become
    the translated constant when the template is compiled. The catalogue is read once per process."""

    def filter_stream(self, stream):
        language = getattr(self.environment, "safereturn_language", None)
        if not language:
            yield from stream
            return
        catalogue = trans_real.translation(language)
        pending = []
        previous = None
        for token in stream:
            pending.append(token)
            kinds = [t.type for t in pending]
            if kinds == ["name"] and token.value in ("_", "gettext") and previous != "dot":
                continue
            if kinds == ["name", "lparen"] or kinds == ["name", "lparen", "string"]:
                continue
            if kinds == ["name", "lparen", "string", "rparen"]:
                yield jinja2.lexer.Token(pending[0].lineno, "string", catalogue.gettext(pending[2].value))
                pending, previous = [], "string"
                continue
            yield from pending
            previous = pending[-1].type
            pending = []
        yield from pending


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n", FoldTranslations], **options)  # noqa: S701 - autoescape is on
    env.install_gettext_translations(translation, newstyle=False)
    env.globals.update(url=url, static=static_url, label=label, page_header=page_header)
    env.filters.update(linebreaksbr=linebreaksbr, date=date_text, capfirst=capfirst)
    return env


class Template(django_jinja2.Template):
    """Announces each rendering as Django templates do (``template_rendered``), so the test client
    sees a Jinja2 page's context and template like any other page's. No receiver outside tests."""

    @property
    def name(self):
        return self.template.name

    def render(self, context=None, request=None):
        # Django's Jinja2 Template.render, but with one CSRF field for the whole page (a fresh mask for
        # each form cost a random string each), as Django templates' csrf_token is.
        context = {} if context is None else context
        if request is not None:
            context["request"] = request
            context["csrf_input"] = SimpleLazyObject(lambda: csrf_input(request))
            context["csrf_token"] = csrf_token_lazy(request)
            for context_processor in self.backend.template_context_processors:
                context.update(context_processor(request))
        language = translation.get_language()
        if language:
            # The active catalogue, looked up once for the page's hundred strings (Django's gettext
            # looks it up again for each).
            context["gettext"] = trans_real.translation(language).gettext
        try:
            html = self.template.render(context)
        except jinja2.TemplateSyntaxError as exc:
            error = TemplateSyntaxError(exc.args)
            error.template_debug = django_jinja2.get_exception_info(exc)
            raise error from exc
        template_rendered.send(sender=self, template=self, context=context)
        return html


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend with ``Template`` above and one environment per language (overlays of
    the configured one, sharing its loader, globals and filters)."""

    def __init__(self, params):
        super().__init__(params)
        self._by_language = {}

    def environment_for(self, language):
        if not language:
            return self.env
        env = self._by_language.get(language)
        if env is None:
            env = self.env.overlay()
            env.safereturn_language = language
            self._by_language[language] = env
        return env

    def from_string(self, template_code):
        return Template(self.environment_for(translation.get_language()).from_string(template_code), self)

    def get_template(self, template_name):
        env = self.environment_for(translation.get_language())
        try:
            return Template(env.get_template(template_name), self)
        except jinja2.TemplateNotFound as exc:
            raise django_jinja2.TemplateDoesNotExist(exc.name, backend=self) from exc
        except jinja2.TemplateSyntaxError as exc:
            error = TemplateSyntaxError(exc.args)
            error.template_debug = django_jinja2.get_exception_info(exc)
            raise error from exc
