"""The page chrome (head, header, messages, footer) for Django templates: the Jinja2 partials the
Jinja2 pages include, so both kinds of page share one header and footer."""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def chrome(context, name):
    request = context.get("request")
    extra = {} if request is not None else {"LANGUAGE_CODE": context.get("LANGUAGE_CODE")}
    html = engines["jinja2"].get_template(name).render(extra, request)
    return mark_safe(html)  # noqa: S308 - rendered by Jinja2 with autoescaping
