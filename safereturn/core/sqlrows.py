"""Model instances from hand-written SQL, converted exactly as the ORM converts them.

The few reads on every request (the signed-in officer, the case page) are written as plain SQL:
the ORM spends longer building such a statement than PostgreSQL spends answering it. ``Columns``
gives the select list of a model under a table alias and turns those columns of a result row back
into an instance, running the same converters a queryset runs (decryption of encrypted fields,
the backend's own type conversions), so the instance cannot tell how it was read.
"""

from django.conf import settings
from django.db import connections


def execute_prepared(cursor, sql, params):
    """Run one of the hot path's statements as a prepared statement on PostgreSQL: parsed and planned
    once per connection (``SAFERETURN_PREPARED_STATEMENTS``, decision 10). Other statements are not
    prepared, so each list is planned for its own values: a generic plan for a list can be far worse
    for one province or one search than for another."""
    raw = cursor.db.connection
    if not settings.SAFERETURN_PREPARED_STATEMENTS or not hasattr(raw, "prepare_threshold"):
        cursor.execute(sql, params)
        return
    previous = raw.prepare_threshold
    raw.prepare_threshold = 0
    try:
        cursor.execute(sql, params)
    finally:
        raw.prepare_threshold = previous


class Columns:
    """The columns of ``model`` (all concrete fields, or those named) read under ``alias``."""

    def __init__(self, model, alias, fields=None):
        self.model = model
        self.alias = alias
        concrete = model._meta.concrete_fields
        if fields is not None:
            wanted = set(fields)
            concrete = [f for f in concrete if f.name in wanted or f.attname in wanted or f.primary_key]
        self.fields = list(concrete)
        self.attnames = [f.attname for f in self.fields]
        self._pk_index = self.attnames.index(model._meta.pk.attname)
        self._converters = {}
        self._sql = {}

    def __len__(self):
        return len(self.fields)

    def sql(self, using="default"):
        text = self._sql.get(using)
        if text is None:
            qn = connections[using].ops.quote_name
            text = self._sql[using] = ", ".join(f"{qn(self.alias)}.{qn(field.column)}" for field in self.fields)
        return text

    def _converters_for(self, using):
        converters = self._converters.get(using)
        if converters is None:
            connection = connections[using]
            converters = []
            for field in self.fields:
                column = field.get_col(self.alias)
                found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
                converters.append((found, column))
            self._converters[using] = converters
        return converters

    def _converted(self, values, using):
        connection = connections[using]
        converted = []
        for value, (converters, column) in zip(values, self._converters_for(using), strict=True):
            for converter in converters:
                value = converter(value, column, connection)
            converted.append(value)
        return converted

    def convert(self, values, using="default"):
        """This model's slice of a row as {attname: value}, converted as the ORM converts it."""
        return dict(zip(self.attnames, self._converted(values, using), strict=True))

    def build(self, values, using="default"):
        """An instance from this model's slice of a row (``None`` when its primary key is null: an
        outer join that found nothing)."""
        if values[self._pk_index] is None:
            return None
        return self.model.from_db(using, self.attnames, self._converted(values, using))


def select_list(*columns, using="default"):
    return ", ".join(c.sql(using) for c in columns)


def split_row(row, *columns):
    """The row cut into one slice per ``Columns``, in order."""
    slices, start = [], 0
    for c in columns:
        slices.append(row[start : start + len(c)])
        start += len(c)
    return slices


class Joined:
    """A model read with foreign keys followed as ``select_related`` follows them (``"person"``,
    ``"person__home_commune"``): the ``FROM`` clause, the select list and the instances, each related
    object cached on its parent as the ORM caches it.

    ``fields`` may name, by path (``""`` for the model itself), the only fields to read of some of
    them, as ``only()`` does: the others are deferred on the instances. The foreign keys followed
    are always read."""

    def __init__(self, model, alias, related=(), fields=None):
        fields = fields or {}
        root_fields = fields.get("")
        if root_fields is not None:
            followed = {path.partition("__")[0] for path in related}
            root_fields = [*root_fields, *followed]
        self.root = Columns(model, alias, root_fields)
        self.steps = []  # (path, parent path, field, Columns)
        aliases = {"": (model, alias)}
        for path in sorted(related, key=lambda p: p.count("__")):
            parent_path, _sep, name = path.rpartition("__")
            if parent_path not in aliases:
                raise ValueError(f"{path}: name {parent_path} first")
            parent_model, parent_alias = aliases[parent_path]
            field = parent_model._meta.get_field(name)
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                raise ValueError(f"{path} is not a foreign key")
            target = field.remote_field.model
            step_alias = f"{alias}_{len(self.steps)}"
            aliases[path] = (target, step_alias)
            step_fields = fields.get(path)
            if step_fields is not None:
                deeper = {p[len(path) + 2 :].partition("__")[0] for p in related if p.startswith(path + "__")}
                step_fields = [*step_fields, *deeper]
            columns = Columns(target, step_alias, step_fields)
            self.steps.append((path, parent_path, field, columns, parent_alias))
        self.columns = [self.root] + [step[3] for step in self.steps]
        self.steps_columns = {step[0]: step[3] for step in self.steps}
        self._from_sql = {}

    def from_sql(self, using="default"):
        text = self._from_sql.get(using)
        if text is None:
            text = self._from_sql[using] = self._build_from_sql(using)
        return text

    def _build_from_sql(self, using):
        qn = connections[using].ops.quote_name
        parts = [f"{qn(self.root.model._meta.db_table)} {qn(self.root.alias)}"]
        for _path, _parent, field, columns, parent_alias in self.steps:
            target_column = field.target_field.column
            parts.append(
                f"LEFT JOIN {qn(columns.model._meta.db_table)} {qn(columns.alias)} "
                f"ON {qn(columns.alias)}.{qn(target_column)} = {qn(parent_alias)}.{qn(field.column)}"
            )
        return " ".join(parts)

    def select_sql(self, using="default"):
        return select_list(*self.columns, using=using)

    def values(self, row, using="default"):
        """The row as {path: {attname: value}} (``""`` the model itself), converted as the ORM converts
        it, without building instances: for a list that only shows the values."""
        slices = split_row(row, *self.columns)
        found = {"": self.root.convert(slices[0], using)}
        for (path, *_rest), values in zip(self.steps, slices[1:], strict=True):
            found[path] = self.steps_columns[path].convert(values, using)
        return found

    def build(self, row, using="default"):
        slices = split_row(row, *self.columns)
        root = self.root.build(slices[0], using)
        objects = {"": root}
        for (path, parent_path, field, columns, _alias), values in zip(self.steps, slices[1:], strict=True):
            obj = columns.build(values, using)
            parent = objects[parent_path]
            if parent is not None:
                field.set_cached_value(parent, obj)
            objects[path] = obj
        return root


_insert_sql = {}


def insert(obj, using="default"):
    """Insert a new instance as ``Model.save`` would (field defaults and ``pre_save``, values prepared
    by each field) in one statement built once per model; sets its primary key. For append-only rows
    written on every request (audit events): no signals are sent and ``save()`` is not called."""
    model = type(obj)
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    key = (model, using)
    sql = _insert_sql.get(key)
    if sql is None:
        qn = connection.ops.quote_name
        returning = ""
        if connection.features.can_return_columns_from_insert:
            returning = f" RETURNING {qn(model._meta.pk.column)}"
        sql = _insert_sql[key] = (
            f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))}){returning}"
        )
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, values)
        pk = cursor.fetchone()[0] if connection.features.can_return_columns_from_insert else cursor.lastrowid
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = using
    return obj
