"""Model instances from hand-written SQL, for the few statements every request runs.

The ORM's compilation of a query costs more than the database's work for a one-row read; the token
check and the auto-save of a cell run on every request, so they are written as SQL. This module keeps
them honest: the columns are the model's own, and each raw value goes through the converters the ORM
would apply (aware datetimes and exact decimals on SQLite…), so the instances are the ORM's.
"""

from contextlib import contextmanager

from django.db import connection

# Prepared once run twice on a connection (PostgreSQL); other statements are never prepared: a
# generic plan made some report aggregates slower than planning them each time.
PREPARE_FROM_RUN = 2


class Columns:
    """Columns of ``model`` under ``alias`` (every concrete one, or those of ``fields``), and how to turn
    a row slice into converted values or an instance."""

    def __init__(self, model, alias: str, fields: list[str] | None = None):
        chosen = model._meta.concrete_fields if fields is None else [model._meta.get_field(f) for f in fields]
        self.model, self.alias, self.whole = model, alias, fields is None
        self.fields = [f.attname for f in chosen]
        self.select = ", ".join(f'{alias}."{f.column}"' for f in chosen)
        self._converters = [_converters(model)[model._meta.concrete_fields.index(f)] for f in chosen]

    def __len__(self):
        return len(self.fields)

    def select_where(self, condition: str) -> str:
        """``SELECT`` these columns from the model's table (under the alias) ``WHERE condition``."""
        return f"SELECT {self.select} FROM {self.model._meta.db_table} {self.alias} WHERE {condition}"  # noqa: S608

    def values(self, row) -> list:
        """A row slice of ``len(self)`` raw values, converted as the ORM converts them."""
        return [
            _from_db(value, expression, found)
            for (expression, found), value in zip(self._converters, row, strict=True)
        ]

    def instance(self, row):
        """The instance of a row slice of every column, or None when its key is NULL (outer join)."""
        if row[0] is None:
            return None
        assert self.whole, "an instance needs every column"
        return self.model.from_db(connection.alias, self.fields, self.values(row))


@contextmanager
def prepared_cursor():
    """A cursor whose statements PostgreSQL prepares on the connection (parsed and planned once, not at
    every request); on SQLite, a plain cursor."""
    with connection.cursor() as cursor:
        driver = connection.connection
        if not hasattr(driver, "prepare_threshold"):  # not psycopg 3
            yield cursor
            return
        previous, driver.prepare_threshold = driver.prepare_threshold, PREPARE_FROM_RUN
        try:
            yield cursor
        finally:
            driver.prepare_threshold = previous


def db_value(model, field_name: str, value):
    """``value`` as the database takes it for ``field_name`` (dates, datetimes and decimals on SQLite)."""
    return model._meta.get_field(field_name).get_db_prep_save(value, connection)


_CONVERTERS: dict[tuple[str, type], list[tuple[object, list]]] = {}


def _converters(model) -> list[tuple[object, list]]:
    """Per column of ``model``: the ORM's converters of a raw value, looked up once per process and
    database engine (they depend on the engine, not on the connection)."""
    key = (connection.vendor, model)
    if key not in _CONVERTERS:
        found = []
        for field in model._meta.concrete_fields:
            expression = field.get_col(model._meta.db_table)
            found.append(
                (
                    expression,
                    connection.ops.get_db_converters(expression) + field.get_db_converters(connection),
                )
            )
        _CONVERTERS[key] = found
    return _CONVERTERS[key]


def _from_db(value, expression, converters):
    if value is None:
        return None
    for converter in converters:
        value = converter(value, expression, connection)
    return value
