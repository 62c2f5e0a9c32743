"""The Jinja2 environment for the pages opened most (the case page): compiled templates render several
times faster than Django's. Translations come from Django's catalogue (``_("…")``, which
``make messages`` extracts from these templates as from Django's), URLs from ``url()``, static files
from ``static()``. Django templates stay for every other page; the header and footer are one Jinja2
partial both kinds of page draw (``layout/chrome.html``, through the ``chrome`` template tag).
"""

import jinja2
from django.template import TemplateSyntaxError
from django.template.backends import jinja2 as django_jinja2
from django.template.backends.utils import csrf_input, csrf_token_lazy
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst
from django.utils.translation import trans_real
from jinja2 import Environment, pass_eval_context
from markupsafe import Markup, escape

_fixed_urls = {}


def url(name, *args, **kwargs):
    """``reverse``; a link without arguments (the header's) is reversed once per process and prefix."""
    if args or kwargs:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    key = (name, get_script_prefix(), get_urlconf())
    found = _fixed_urls.get(key)
    if found is None:
        found = _fixed_urls[key] = reverse(name)
    return found


@pass_eval_context
def linebreaksbr(eval_ctx, value):
    """Django's ``linebreaksbr``: the text escaped, each line break a ``<br>``."""
    text = str(escape(value)) if eval_ctx.autoescape else str(value)
    return Markup(text.replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S704 - escaped above


def date(value, format_name="SHORT_DATE_FORMAT"):
    """Django's ``date`` filter: a date or time in the active language's format (dd/mm/yyyy in both),
    times in local time; nothing for no value."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n"], **options)  # noqa: S701 - Django's backend sets autoescape
    env.install_gettext_translations(translation, newstyle=False)
    env.globals.update(url=url, static=static)
    env.filters.update(linebreaksbr=linebreaksbr, date=date, capfirst=capfirst)
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
    """Django's Jinja2 backend with ``Template`` above."""

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)

    def get_template(self, template_name):
        template = super().get_template(template_name)
        return Template(template.template, self)
