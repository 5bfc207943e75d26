"""Prepared statements for the hot paths: case actions, penalty decision checks.

Building a query with the ORM takes a few hundred microseconds of Python, many times what
SQLite needs to run it, and every case action runs the same handful of statements. These are
built once per database — SELECTs compiled by the ORM itself, INSERTs and UPDATEs from the
model's fields — and then executed with fresh parameters; values go in through each field's
``get_db_prep_save`` and come out through the backend's converters, exactly as the ORM does.
Nothing here knows about any app: the services say what to read and write.
"""

from django.db import connections

_SELECTS: dict = {}
_WRITES: dict = {}


class Select:
    """A SELECT built by ``build(*params)`` (a QuerySet), compiled on first use per database.

    The parameters must reach the SQL unchanged and in order (plain ``field=value`` and
    ``field__in=(…)`` filters); that is checked when the statement is compiled.
    """

    def __init__(self, build):
        self.build = build

    def _compiled(self, using: str, params: tuple):
        connection = connections[using]
        key = (id(self), using, connection.vendor, len(params))
        compiled = _SELECTS.get(key)
        if compiled is None:
            queryset = self.build(*params)
            compiler = queryset.query.get_compiler(using=using)
            sql, compiled_params = compiler.as_sql()
            if tuple(compiled_params) != tuple(params):
                raise ValueError(f"parameters {params!r} do not reach the SQL unchanged: {compiled_params!r}")
            expressions = [column for column, _sql, _alias in compiler.select]
            converters = [(position, tuple(functions), expression)
                          for position, (functions, expression) in compiler.get_converters(expressions).items()]
            compiled = _SELECTS[key] = (sql, converters, queryset.model, [e.target.attname for e in expressions])
        return compiled

    def rows(self, *params, using: str = "default") -> list[list]:
        sql, converters, _model, _names = self._compiled(using, params)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return [list(row) for row in rows]
        converted = []
        for row in rows:
            row = list(row)
            for position, functions, expression in converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            converted.append(row)
        return converted

    def objects(self, *params, using: str = "default") -> list:
        """The rows as model instances (the queryset must select its model's concrete fields)."""
        rows = self.rows(*params, using=using)
        _sql, _converters, model, names = self._compiled(using, params)
        return [model.from_db(using, names, row) for row in rows]


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def insert(model, objects: list, *, returning_pk: bool = False, using: str = "default") -> None:
    """INSERT ``objects``; with ``returning_pk`` each object gets its new primary key."""
    if not objects:
        return
    connection = connections[using]
    if returning_pk and not connection.features.can_return_columns_from_insert:
        model._default_manager.using(using).bulk_create(objects)
        return
    key = ("insert", model, returning_pk, using, connection.vendor)
    statement = _WRITES.get(key)
    if statement is None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            _quote(connection, model._meta.db_table), ", ".join(_quote(connection, f.column) for f in fields),
            ", ".join(["%s"] * len(fields)))
        if returning_pk:
            sql += " RETURNING " + _quote(connection, model._meta.pk.column)
        statement = _WRITES[key] = (sql, fields)
    sql, fields = statement
    rows = [[field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields] for obj in objects]
    with connection.cursor() as cursor:
        if returning_pk:
            for obj, row in zip(objects, rows):
                cursor.execute(sql, row)
                obj.pk = cursor.fetchone()[0]
                obj._state.adding, obj._state.db = False, using
        elif len(rows) == 1:
            cursor.execute(sql, rows[0])
        else:
            cursor.executemany(sql, rows)


def update(model, pk, values: dict, using: str = "default") -> int:
    """UPDATE the row ``pk`` with ``values`` by attribute name (``assignee_id``); rows changed."""
    if not values:
        return 0
    connection = connections[using]
    names = tuple(values)
    key = ("update", model, names, using, connection.vendor)
    statement = _WRITES.get(key)
    if statement is None:
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        fields = [by_attname[name] for name in names]
        sql = "UPDATE {} SET {} WHERE {} = %s".format(
            _quote(connection, model._meta.db_table), ", ".join(f"{_quote(connection, f.column)} = %s" for f in fields),
            _quote(connection, model._meta.pk.column))
        statement = _WRITES[key] = (sql, fields)
    sql, fields = statement
    params = [field.get_db_prep_save(values[field.attname], connection) for field in fields]
    params.append(model._meta.pk.get_db_prep_save(pk, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def increment(model, attname: str, where: dict, using: str = "default"):
    """Add 1 to ``attname`` of the row matching ``where`` (by attribute name) and return the new
    value, or None when no row matches; None too on a backend that cannot return updated rows."""
    connection = connections[using]
    if not connection.features.can_return_rows_from_update:
        return None
    names = tuple(where)
    key = ("increment", model, attname, names, using, connection.vendor)
    statement = _WRITES.get(key)
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    if statement is None:
        column = _quote(connection, by_attname[attname].column)
        sql = "UPDATE {} SET {} = {} + 1 WHERE {} RETURNING {}".format(
            _quote(connection, model._meta.db_table), column, column,
            " AND ".join(f"{_quote(connection, by_attname[name].column)} = %s" for name in names), column)
        statement = _WRITES[key] = sql
    params = [by_attname[name].get_db_prep_value(where[name], connection) for name in names]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    return row[0] if row else None
