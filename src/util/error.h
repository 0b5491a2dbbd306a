/* error.h -- filling a struct dyad_error: one line, "PLACE: message". */
#ifndef DYAD_ERROR_H
#define DYAD_ERROR_H

#include "dyad.h"

/* Fill err (when not NULL) with a printf-formatted message. */
void dyad_error_set(struct dyad_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
