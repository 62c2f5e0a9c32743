from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` or None: the free places of one agency, from the page's map."""
    return mapping.get(key) if mapping else None
