/* pg.c -- placeholder */
#include "store/store_int.h"
#include "util/error.h"
static dyad_status pg_open(dyad_store *st, const char *where, struct dyad_error *err)
{ (void)st; (void)where; dyad_error_set(err, "postgresql: not yet"); return DYAD_ERR_IO; }
const struct store_ops store_pg_ops = {"postgresql", pg_open, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
