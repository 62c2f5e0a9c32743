"""Marks every view and endpoint carries: whether it reaches case data (through the access policy) or
not. The URL walk test refuses a route whose view carries neither, so no view can forget to choose.

Platform code: the marks say nothing of who may do what; ``safereturn.access.policy`` does.
"""

CASE_DATA = "case_data"
NO_CASE_DATA = "no_case_data"


def case_data_view(func_or_class):
    """Mark a view or viewset as reaching case data through the access policy."""
    func_or_class.access_policy = CASE_DATA
    return func_or_class


def not_case_data(func_or_class):
    """Mark a view or viewset that touches no case data (sign-in, reference data, the inbox...)."""
    func_or_class.access_policy = NO_CASE_DATA
    return func_or_class


def access_mark(view):
    """The mark of a resolved view callback (function, class-based view or DRF view), or None."""
    target = getattr(view, "view_class", None) or getattr(view, "cls", None) or view
    return getattr(target, "access_policy", None)
