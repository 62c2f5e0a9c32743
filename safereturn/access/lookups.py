"""``field__any_of=<queryset>``: membership in a subquery's rows, in the shape PostgreSQL indexes best.

``id IN (SELECT ...)`` inside an OR becomes a subplan checked row by row over the whole table.
``id = ANY(ARRAY(SELECT ...))`` runs the subquery once, before the scan, and the result is an
index condition that a bitmap scan can OR with other indexed conditions (a supervisor's province).
Other databases get the plain ``IN (SELECT ...)``.
"""

from django.db.models import Lookup


class AnyOfSubquery(Lookup):
    lookup_name = "any_of"

    def get_prep_lookup(self):
        if not hasattr(self.rhs, "resolve_expression"):
            raise TypeError("any_of takes a queryset of one column")
        return super().get_prep_lookup()

    def _sides(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        return lhs, rhs, (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", params
