"""`field__any=[...]`: the same rows as `field__in=[...]`. On PostgreSQL the list goes as one
array parameter (`= ANY(%s)`) instead of one placeholder per id, so a query over a bureau's
whole subtree stays short: psycopg converts (and caches) its text in a fraction of the time.
The 驾驶舱's scope runs several such queries per page over lists of hundreds of ids."""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


@ForeignObject.register_lookup
@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [value.pk if hasattr(value, "pk") else value for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
