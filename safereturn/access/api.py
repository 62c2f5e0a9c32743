"""API base classes that make the access policy the only way to case data (fail closed)."""

from rest_framework import permissions

from . import policy


class HasCaseRole(permissions.BasePermission):
    """An authenticated officer acting in an agency with a case role."""

    message = "Your role does not give access to case data."

    def has_permission(self, request, view):
        actor = policy.actor_for_request(request)
        if actor is None or actor.role not in policy.CASE_ROLES:
            return False
        request.actor = actor
        return True


class CaseScopedMixin:
    """For views over case data: the queryset always starts from ``policy.visible_cases``.

    Subclasses narrow it in ``filter_scoped``; overriding ``get_queryset`` is refused at class
    creation (the escape hatch would be to not use this mixin, which the URL walk test catches).
    """

    permission_classes = [HasCaseRole]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__name__} must not override get_queryset; use filter_scoped")
        cls.access_policy = "case_data"

    # A list read through the scope's pieces (``selectors.case_list`` over ``policy.visible_case_parts``,
    # which the scope tests hold to ``visible_cases``) says so: its ``filter_scoped`` is given no
    # queryset, rather than one built and never read.
    scoped_in_parts = False

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no data
            return policy.visible_cases(None)
        if self.scoped_in_parts:
            return self.filter_scoped(None)
        return self.filter_scoped(policy.visible_cases(self.request.actor))

    def filter_scoped(self, queryset):
        return queryset

    def get_case(self, case_id):
        """One case through the policy; a case out of scope is a 404, like one that does not exist."""
        return policy.case_for_actor(self.request.actor, case_id)
