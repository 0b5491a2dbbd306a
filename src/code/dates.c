/* dates.c -- time expressions resolved against the document date (see dates.h).
 *
 * News reports past events, so a bare weekday is the latest such day on or before the document
 * date ("on Tuesday" in a Tuesday paper is that Tuesday), and a month and day without a year is
 * in the document's year unless that would put it more than a week after the document, when it
 * is the year before.  Recognised: weekdays (with last/next/this), yesterday, today, tonight,
 * tomorrow, last/next week, month and year, N days/weeks/months/years ago, month-day(-year) in
 * either order with abbreviations, ISO dates and US numeric dates (9/15/2015).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int y, int m)
{
	static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

int ymd_parse(const char *s, struct ymd *out)
{
	int y, m, d;
	if (!s || strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays(y, m)) return -1;
	out->y = y;
	out->m = m;
	out->d = d;
	return 0;
}

void ymd_format(struct ymd t, char out[11])
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)t.y % 10000u, (unsigned)t.m % 100u,
	         (unsigned)t.d % 100u);
}

/* days from civil (proleptic Gregorian), after H. Hinnant's algorithm */
long ymd_days(struct ymd t)
{
	long y = t.y - (t.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (t.m + (t.m > 2 ? -3 : 9)) + 2) / 5 + t.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct ymd ymd_from_days(long z)
{
	struct ymd t;
	long era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	t.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	t.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	t.y = (int)(yoe + era * 400 + (t.m <= 2));
	return t;
}

int ymd_weekday(struct ymd t)
{
	long z = ymd_days(t);            /* 1970-01-01 was a Thursday (3) */
	return (int)(((z % 7) + 7 + 3) % 7);
}

static struct ymd add_days(struct ymd t, long n) { return ymd_from_days(ymd_days(t) + n); }

static struct ymd add_months(struct ymd t, int n)
{
	int m = t.y * 12 + (t.m - 1) + n;
	t.y = m / 12;
	t.m = m % 12 + 1;
	if (t.d > mdays(t.y, t.m)) t.d = mdays(t.y, t.m);
	return t;
}

/* ---------------------------------------------------------------------------------------- */

struct words {
	const struct dyad_doc *d;
	uint32_t a, b;
};

/* The word i lower-cased into buf (ASCII only; longer words are cut). */
static const char *lw(const struct words *w, uint32_t i, char *buf, size_t n)
{
	const struct dyad_word *x = &w->d->words[i];
	size_t len = x->nend - x->nstart, k;
	if (i < w->a || i >= w->b) return "";
	if (len >= n) len = n - 1;
	for (k = 0; k < len; k++) buf[k] = (char)tolower((unsigned char)w->d->ntext[x->nstart + k]);
	buf[k] = 0;
	return buf;
}

static int index_of(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0) return i;
	return -1;
}

static const char *const weekdays[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", NULL};
static const char *const weekdays_abbr[] = {"mon.", "tue.", "wed.", "thu.", "fri.", "sat.",
	"sun.", NULL};
static const char *const months[] = {"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december", NULL};
static const char *const months_abbr[] = {"jan.", "feb.", "mar.", "apr.", "may", "jun.", "jul.",
	"aug.", "sep.", "oct.", "nov.", "dec.", NULL};
static const char *const numbers[] = {"zero", "one", "two", "three", "four", "five", "six",
	"seven", "eight", "nine", "ten", "eleven", "twelve", NULL};

static int weekday_of(const char *s)
{
	int k = index_of(s, weekdays);
	if (k < 0) k = index_of(s, weekdays_abbr);
	if (k < 0 && strcmp(s, "tues.") == 0) k = 1;
	if (k < 0 && (strcmp(s, "thur.") == 0 || strcmp(s, "thurs.") == 0)) k = 3;
	return k;
}

static int month_of(const char *s)
{
	int k = index_of(s, months);
	if (k < 0) k = index_of(s, months_abbr);
	if (k < 0 && strcmp(s, "sept.") == 0) k = 8;
	return k < 0 ? -1 : k + 1;
}

/* A small number: digits or a word; -1 when not one. */
static int number_of(const char *s)
{
	int k = index_of(s, numbers);
	if (k >= 0) return k;
	if (!*s || strlen(s) > 4) return -1;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p)) return -1;
	return atoi(s);
}

/* A day of the month: "15", "15th", "1st" */
static int day_of(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || v < 1 || v > 31) return -1;
	if (*end && strcmp(end, "st") && strcmp(end, "nd") && strcmp(end, "rd") && strcmp(end, "th"))
		return -1;
	return (int)v;
}

static int year_of(const char *s)
{
	if (strlen(s) != 4 || !isdigit((unsigned char)s[0])) return -1;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i])) return -1;
	return atoi(s) >= 1900 && atoi(s) <= 2100 ? atoi(s) : -1;
}

static int found(struct time_expr *out, uint32_t first, uint32_t last, struct ymd t)
{
	if (t.y < 1 || t.m < 1 || t.d < 1 || t.d > mdays(t.y, t.m)) return 0;
	out->first = first;
	out->last = last;
	ymd_format(t, out->date);
	return 1;
}

int date_find(const struct dyad_doc *d, uint32_t a, uint32_t b, const char *docdate,
              struct time_expr *out)
{
	struct words w = {d, a, b};
	struct ymd doc;
	char cur[24], prev[24], next[24], next2[24];

	if (ymd_parse(docdate, &doc) < 0) return 0;
	for (uint32_t i = a; i < b; i++) {
		const char *s = lw(&w, i, cur, sizeof cur);
		const char *p = i > a ? lw(&w, i - 1, prev, sizeof prev) : "";
		const char *n = lw(&w, i + 1, next, sizeof next);
		int k, m, day, y;

		if (strcmp(s, "yesterday") == 0) return found(out, i, i, add_days(doc, -1));
		if (strcmp(s, "today") == 0 || strcmp(s, "tonight") == 0) return found(out, i, i, doc);
		if (strcmp(s, "tomorrow") == 0) return found(out, i, i, add_days(doc, 1));
		if ((k = weekday_of(s)) >= 0) {
			int back = (ymd_weekday(doc) - k + 7) % 7;       /* 0..6 days before */
			uint32_t first = i;
			if (strcmp(p, "last") == 0) {
				if (back == 0) back = 7;
				first = i - 1;
			} else if (strcmp(p, "next") == 0 || strcmp(p, "coming") == 0) {
				first = i - 1;
				return found(out, first, i, add_days(doc, (k - ymd_weekday(doc) + 7) % 7 ?
				                                      (k - ymd_weekday(doc) + 7) % 7 : 7));
			} else if (strcmp(p, "this") == 0) {
				first = i - 1;
				return found(out, first, i, add_days(doc, k - ymd_weekday(doc)));
			}
			return found(out, first, i, add_days(doc, -back));
		}
		if ((m = month_of(s)) > 0) {
			/* "September 15(, 2015)" or "15 September (2015)" */
			uint32_t first = i, last = i;
			if (strcmp(s, "may") == 0 && !isupper((unsigned char)d->ntext[d->words[i].nstart]))
				continue;                 /* the verb "may" */
			y = -1;
			if ((day = day_of(n)) > 0) {
				last = i + 1;
				if ((y = year_of(lw(&w, i + 2, next2, sizeof next2))) > 0) {
					last = i + 2;
				} else if (strcmp(next2, ",") == 0 &&
				           (y = year_of(lw(&w, i + 3, next2, sizeof next2))) > 0) {
					last = i + 3;
				}
			} else if ((day = day_of(p)) > 0) {
				first = i - 1;
				if ((y = year_of(n)) > 0) last = i + 1;
			} else {
				continue;                 /* a month alone ("in May") is not a day */
			}
			{
				struct ymd t = {y > 0 ? y : doc.y, m, day};
				if (y < 0 && ymd_days(t) > ymd_days(doc) + 7) t.y--;
				return found(out, first, last, t);
			}
		}
		if (strcmp(s, "ago") == 0 && i >= a + 2) {
			int q = number_of(lw(&w, i - 2, prev, sizeof prev));
			const char *unit = lw(&w, i - 1, next2, sizeof next2);
			if (q < 0 && (strcmp(prev, "a") == 0 || strcmp(prev, "an") == 0)) q = 1;
			if (q < 0) continue;
			if (strncmp(unit, "day", 3) == 0) return found(out, i - 2, i, add_days(doc, -q));
			if (strncmp(unit, "week", 4) == 0) return found(out, i - 2, i, add_days(doc, -7L * q));
			if (strncmp(unit, "month", 5) == 0) return found(out, i - 2, i, add_months(doc, -q));
			if (strncmp(unit, "year", 4) == 0) return found(out, i - 2, i, add_months(doc, -12 * q));
			continue;
		}
		if (strcmp(s, "last") == 0 || strcmp(s, "next") == 0) {
			int sign = s[0] == 'l' ? -1 : 1;
			if (strcmp(n, "week") == 0) return found(out, i, i + 1, add_days(doc, 7L * sign));
			if (strcmp(n, "month") == 0) return found(out, i, i + 1, add_months(doc, sign));
			if (strcmp(n, "year") == 0) return found(out, i, i + 1, add_months(doc, 12 * sign));
			continue;
		}
		/* 2015-09-15 and 9/15/2015 */
		{
			struct ymd t;
			int mm, dd, yy;
			char tail;
			if (strlen(s) == 10 && ymd_parse(s, &t) == 0) return found(out, i, i, t);
			if (sscanf(s, "%d/%d/%d%c", &mm, &dd, &yy, &tail) == 3 && yy >= 1900 && yy <= 2100 &&
			    mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31) {
				t.y = yy; t.m = mm; t.d = dd;
				return found(out, i, i, t);
			}
		}
	}
	return 0;
}
