/* error.c -- error messages for callers of libdyad (see error.h). */
#include <stdarg.h>
#include <stdio.h>

#include "error.h"

void dyad_error_set(struct dyad_error *err, const char *fmt, ...)
{
	va_list ap;
	if (!err) return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}
