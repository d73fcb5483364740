/*
 * date.c — calendar arithmetic, ISO dates, the recogniser of temporal
 * expressions ("on October 29th", "last month", "Saturday's meeting",
 * "over the past three weeks") and their resolution against the
 * publication date, and dn_when_find, which picks the expression that
 * belongs to an event trigger.
 *
 * Month and weekday names, unit words and prepositions are small static
 * tables: they are the grammar of dates, not dictionary data.
 */
#include <stdlib.h>

#include "when_int.h"

/* MARK: - Calendar */

static int S_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int S_mdays(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && S_leap(y) ? 29 : days[m - 1];
}

static int S_valid(int y, int m, int d)
{
	if (y < 1 || y > 9999)
		return 0;
	if (m == 0)
		return d == 0;
	if (m < 1 || m > 12)
		return 0;
	return d == 0 || (d >= 1 && d <= S_mdays(y, m));
}

/* Days from civil (proleptic Gregorian), after H. Hinnant's algorithm. */
long dn_date_days(const dn_date *dt)
{
	long y = dt->y;
	long m = dt->m ? dt->m : 1;
	long d = dt->d ? dt->d : 1;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void dn_date_from_days(long z, dn_date *out)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	out->y = (int)(y + (m <= 2));
	out->m = (int)m;
	out->d = (int)d;
}

int dn_date_weekday(const dn_date *d)
{
	long z = dn_date_days(d); /* 1970-01-01 was a Thursday (3) */
	long w = (z % 7 + 7 + 3) % 7;
	return (int)w;
}

static void S_add_days(const dn_date *from, long n, dn_date *out)
{
	dn_date_from_days(dn_date_days(from) + n, out);
}

/* MARK: - ISO dates */

static int S_digits(const char *s, size_t n, int *v)
{
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 1;
}

int dn_date_parse(const char *s, size_t n, dn_date *out, int *precision)
{
	dn_date d = { 0, 0, 0 };
	int prec;
	if (n > 10 && (s[10] == 'T' || s[10] == ' '))
		n = 10; /* a timestamp: keep the date */
	if (n != 4 && n != 7 && n != 10)
		return 0;
	if (!S_digits(s, 4, &d.y))
		return 0;
	prec = DN_PREC_YEAR;
	if (n >= 7) {
		if (s[4] != '-' || !S_digits(s + 5, 2, &d.m))
			return 0;
		prec = DN_PREC_MONTH;
	}
	if (n == 10) {
		if (s[7] != '-' || !S_digits(s + 8, 2, &d.d) || d.d == 0)
			return 0;
		prec = DN_PREC_DAY;
	}
	if (!S_valid(d.y, d.m, d.d) || (n >= 7 && d.m == 0))
		return 0;
	*out = d;
	if (precision)
		*precision = prec;
	return 1;
}

void dn_date_format(const dn_date *d, int precision, char *buf)
{
	int y = d->y < 0 ? 0 : d->y > 9999 ? 9999 : d->y;
	int m = d->m < 0 ? 0 : d->m > 12 ? 12 : d->m;
	int dd = d->d < 0 ? 0 : d->d > 31 ? 31 : d->d;
	/* "%04d-%02d-%02d" and its prefixes; the parts fit their widths */
	char f[11] = {(char)('0' + y / 1000), (char)('0' + y / 100 % 10),
		      (char)('0' + y / 10 % 10), (char)('0' + y % 10), '-',
		      (char)('0' + m / 10), (char)('0' + m % 10), '-',
		      (char)('0' + dd / 10), (char)('0' + dd % 10), 0};
	size_t n = precision == DN_PREC_DAY ? 10 : precision == DN_PREC_MONTH ? 7 :
		   precision == DN_PREC_YEAR ? 4 : 0;
	memcpy(buf, f, n);
	buf[n] = 0;
}

/* MARK: - Name tables */

typedef struct S_name {
	const char *w; /* folded form */
	size_t n;      /* its length (S_N) */
	int v;         /* month 1..12 or weekday 0..6 */
	int abbr;      /* 1: an abbreviation (needs a capital, and a dot alone) */
} S_name;

#define S_N(w, v, abbr) { w, sizeof(w) - 1, v, abbr }

static const S_name S_months[] = {
	S_N("january", 1, 0), S_N("february", 2, 0), S_N("march", 3, 0),
	S_N("april", 4, 0), S_N("may", 5, 0), S_N("june", 6, 0), S_N("july", 7, 0),
	S_N("august", 8, 0), S_N("september", 9, 0), S_N("october", 10, 0),
	S_N("november", 11, 0), S_N("december", 12, 0), S_N("jan", 1, 1),
	S_N("feb", 2, 1), S_N("mar", 3, 1), S_N("apr", 4, 1), S_N("jun", 6, 1),
	S_N("jul", 7, 1), S_N("aug", 8, 1), S_N("sep", 9, 1), S_N("sept", 9, 1),
	S_N("oct", 10, 1), S_N("nov", 11, 1), S_N("dec", 12, 1), { NULL, 0, 0, 0 }
};

static const S_name S_weekdays[] = {
	S_N("monday", 0, 0), S_N("tuesday", 1, 0), S_N("wednesday", 2, 0),
	S_N("thursday", 3, 0), S_N("friday", 4, 0), S_N("saturday", 5, 0),
	S_N("sunday", 6, 0), S_N("mon", 0, 1), S_N("tue", 1, 1), S_N("tues", 1, 1),
	S_N("wed", 2, 1), S_N("thu", 3, 1), S_N("thur", 3, 1), S_N("thurs", 3, 1),
	S_N("fri", 4, 1), S_N("sat", 5, 1), S_N("sun", 6, 1), { NULL, 0, 0, 0 }
};

/* Words before a month or a year that make it a date: "in May". */
static const char *const S_date_preps[] = {
	"in", "since", "during", "until", "till", "by", "from", "of", "early",
	"late", "mid", "before", "after", "through", "throughout", "last",
	"next", "this", NULL
};

/* Prepositions that belong to the span of an expression: "on Wednesday". */
static const char *const S_span_preps[] = {
	"on", "in", "since", "during", "from", "until", "till", "by", "at",
	"over", "for", "through", "throughout", NULL
};

static const char *const S_parts_of_day[] = {
	"morning", "afternoon", "evening", "night", NULL
};

enum { S_U_DAY = 1, S_U_WEEK, S_U_MONTH, S_U_YEAR, S_U_HOUR };

/* A unit word: "day(s)", "week(s)", ...; *plural set for the plural. */
static int S_unit(const dn_toks *t, int i, int last, int *plural)
{
	static const char *const units[] = {
		"day", "days", "week", "weeks", "month", "months", "year",
		"years", "hour", "hours", NULL
	};
	if (i >= last)
		return 0;
	int k = dn_wtok_in(t, i, units);
	if (k < 0)
		return 0;
	*plural = k % 2;
	return k / 2 + 1;
}

static int S_is(const dn_toks *t, int i, int last, const char *w)
{
	return i < last && dn_wtok_is(t, i, w);
}

/* Whether token i is a dot glued to the token before it: "Oct." */
static int S_glued_dot(const dn_toks *t, int i, int last)
{
	return i < last && dn_wtok_is(t, i, ".") && t->v[i].start == t->v[i - 1].end;
}

/* Looks up a name at i (month or weekday table); returns tokens used
 * (a trailing glued dot included) and the value; *weak is set for a name
 * that needs context ("May", "March", an abbreviation without its dot). */
static int S_name_at(const dn_toks *t, int i, int last, const S_name *tab,
		     int *v, int *weak)
{
	if (i >= last || !(t->v[i].flags & DN_TK_WORD))
		return 0;
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	for (int k = 0; tab[k].w; k++) {
		if (tab[k].n != n || tab[k].w[0] != s[0] ||
		    memcmp(tab[k].w, s, n) != 0)
			continue;
		int cap = (t->v[i].flags & DN_TK_CAP) != 0;
		*v = tab[k].v;
		*weak = 0;
		if (tab[k].abbr) {
			if (!cap)
				return 0;
			if (S_glued_dot(t, i + 1, last))
				return 2;
			*weak = 1;
			return 1;
		}
		if (tab == S_months && (tab[k].v == 3 || tab[k].v == 5)) {
			if (!cap)
				return 0; /* "may" the modal, "march" the walk */
			*weak = 1;
		}
		return 1;
	}
	return 0;
}

/* A day of the month: "29", "29th", "1st"; 1..31. */
static int S_day(const dn_toks *t, int i, int last, int *d)
{
	if (i >= last || !(t->v[i].flags & DN_TK_NUM))
		return 0;
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	size_t k = 0;
	int v = 0;
	while (k < n && k < 2 && s[k] >= '0' && s[k] <= '9')
		v = v * 10 + (s[k++] - '0');
	if (k == n) {
		/* plain digits */
	} else if (n - k == 2 && (!memcmp(s + k, "st", 2) || !memcmp(s + k, "nd", 2) ||
				  !memcmp(s + k, "rd", 2) || !memcmp(s + k, "th", 2))) {
		/* ordinal suffix */
	} else {
		return 0;
	}
	if (v < 1 || v > 31)
		return 0;
	*d = v;
	return 1;
}

/* A year: four characters, digits or the letter o typed for a zero
 * ("2o15"), 1900..2099. */
static int S_year(const dn_toks *t, int i, int last, int *y)
{
	if (i >= last || !(t->v[i].flags & DN_TK_NUM))
		return 0;
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	if (n != 4)
		return 0;
	int v = 0, digits = 0;
	for (size_t k = 0; k < 4; k++) {
		if (s[k] >= '0' && s[k] <= '9') {
			v = v * 10 + (s[k] - '0');
			digits++;
		} else if (s[k] == 'o') {
			v = v * 10;
		} else {
			return 0;
		}
	}
	if (digits < 3 || v < 1900 || v > 2099)
		return 0;
	*y = v;
	return 1;
}

/* The number in "two days ago", "the past three weeks" ("a" is one);
 * *vague is set for "a few", "several", "a couple of". */
static int S_count(const dn_toks *t, int i, int last, long long *v, int *vague)
{
	int exact;
	*vague = 0;
	if (S_is(t, i, last, "a") && S_is(t, i + 1, last, "few")) {
		*v = 3;
		*vague = 1;
		return 2;
	}
	if (S_is(t, i, last, "a") || S_is(t, i, last, "an") ||
	    S_is(t, i, last, "one")) {
		*v = 1;
		return 1;
	}
	if (S_is(t, i, last, "few") || S_is(t, i, last, "several")) {
		*v = 3;
		*vague = 1;
		return 1;
	}
	if (S_is(t, i, last, "couple")) {
		*v = 2;
		*vague = 1;
		return S_is(t, i + 1, last, "of") ? 2 : 1;
	}
	int k = dn_number_parse(t, i, last, v, &exact);
	if (k == 0 || *v < 0 || *v > 10000)
		return 0;
	*vague = !exact;
	return k;
}

/* MARK: - Recogniser */

static int S_span_days(int unit, long long n)
{
	switch (unit) {
	case S_U_HOUR: return (int)((n + 23) / 24);
	case S_U_DAY: return (int)n;
	case S_U_WEEK: return (int)(7 * n);
	case S_U_MONTH: return (int)(30 * n);
	default: return (int)(365 * n);
	}
}

/* "2016-10-12", "2016-10", "2016/10/12" (tokens glued together). */
static int S_iso(const dn_toks *t, int i, int last, dn_texpr *x)
{
	int y, m;
	size_t n;
	if (i + 2 >= last || !(t->v[i].flags & DN_TK_NUM))
		return 0;
	const char *s = dn_wtok(t, i, &n);
	if (n != 4 || !S_digits(s, 4, &y))
		return 0;
	const char *sep = dn_wtok(t, i + 1, &n);
	if (n != 1 || (sep[0] != '-' && sep[0] != '/') ||
	    t->v[i + 1].start != t->v[i].end || t->v[i + 2].start != t->v[i + 1].end)
		return 0;
	s = dn_wtok(t, i + 2, &n);
	if (n != 2 || !S_digits(s, 2, &m) || m < 1 || m > 12)
		return 0;
	x->kind = DN_TX_ABS;
	x->y = y;
	x->m = m;
	int e = i + 3;
	if (e + 1 < last && dn_wtok_is(t, e, sep[0] == '-' ? "-" : "/") &&
	    t->v[e].start == t->v[e - 1].end && t->v[e + 1].start == t->v[e].end) {
		int d;
		s = dn_wtok(t, e + 1, &n);
		/* "12" or a timestamp's "12t08" */
		if (n >= 2 && S_digits(s, 2, &d) && (n == 2 || s[2] == 't')) {
			x->d = d;
			e += 2;
		}
	}
	return e;
}

/* "[the] 26th [of] November[,] [2014]" */
static int S_day_first(const dn_toks *t, int i, int last, dn_texpr *x)
{
	int d, m, weak, y;
	int j = i;
	if (S_is(t, j, last, "the"))
		j++;
	if (!S_day(t, j, last, &d))
		return 0;
	j++;
	int of = S_is(t, j, last, "of");
	int k = S_name_at(t, j + of, last, S_months, &m, &weak);
	if (!k)
		return 0;
	j += of + k;
	x->kind = DN_TX_ABS;
	x->m = m;
	x->d = d;
	if (S_year(t, j, last, &y)) {
		x->y = y;
		j++;
	} else if (S_is(t, j, last, ",") && S_year(t, j + 1, last, &y)) {
		x->y = y;
		j += 2;
	}
	return j;
}

/* "October 29th", "Dec. 23, 2015", "November 2014", "in April". */
static int S_month_first(const dn_toks *t, int i, int first, int last,
			 dn_texpr *x)
{
	int m, weak, d, y;
	int k = S_name_at(t, i, last, S_months, &m, &weak);
	if (!k)
		return 0;
	int j = i + k;
	x->kind = DN_TX_ABS;
	x->m = m;
	if (S_day(t, j, last, &d) && !S_unit(t, j + 1, last, &k)) {
		x->d = d;
		j++;
		if (S_is(t, j, last, ",") && S_year(t, j + 1, last, &y)) {
			x->y = y;
			j += 2;
		} else if (S_year(t, j, last, &y)) {
			x->y = y;
			j++;
		}
		return j;
	}
	if (S_year(t, j, last, &y)) {
		x->y = y;
		return j + 1;
	}
	if (weak && !(i > first && dn_wtok_in(t, i - 1, S_date_preps) >= 0))
		return 0;
	return j;
}

/* A bare year after a preposition: "in 2015", "since 2011". */
static int S_year_alone(const dn_toks *t, int i, int first, int last,
			dn_texpr *x)
{
	int y;
	if (i == first || !S_year(t, i, last, &y) ||
	    dn_wtok_in(t, i - 1, S_date_preps) < 0)
		return 0;
	x->kind = DN_TX_ABS;
	x->y = y;
	return i + 1;
}

/* "mid-October", "mid-2015" (one hyphenated token). */
static int S_mid_token(const dn_toks *t, int i, int last, dn_texpr *x)
{
	size_t n;
	if (i >= last)
		return 0;
	const char *s = dn_wtok(t, i, &n);
	if (n < 8 || memcmp(s, "mid-", 4) != 0)
		return 0;
	s += 4;
	n -= 4;
	for (int k = 0; S_months[k].w; k++)
		if (!S_months[k].abbr && S_months[k].n == n &&
		    memcmp(S_months[k].w, s, n) == 0) {
			x->kind = DN_TX_ABS;
			x->m = S_months[k].v;
			x->prec_cap = DN_PREC_MONTH;
			return i + 1;
		}
	int y;
	if (n == 4 && S_digits(s, 4, &y) && y >= 1900 && y <= 2099) {
		x->kind = DN_TX_ABS;
		x->y = y;
		return i + 1;
	}
	return 0;
}

/* "Wednesday", "Saturday night", "Saturday's", "Wed." */
static int S_weekday(const dn_toks *t, int i, int last, int rel, dn_texpr *x)
{
	int wd, weak;
	int k = S_name_at(t, i, last, S_weekdays, &wd, &weak);
	if (!k || weak)
		return 0;
	int j = i + k;
	if (j < last && dn_wtok_in(t, j, S_parts_of_day) >= 0)
		j++;
	if (j < last && (t->v[j].flags & DN_TK_POSS))
		j++;
	x->kind = DN_TX_WEEKDAY;
	x->n = wd;
	x->rel = rel;
	return j;
}

/* "yesterday", "today", "tonight", "tomorrow [morning]". */
static int S_deictic(const dn_toks *t, int i, int last, dn_texpr *x)
{
	static const char *const words[] = {
		"yesterday", "today", "tonight", "tomorrow", NULL
	};
	static const int offset[] = { -1, 0, 0, 1 };
	if (i >= last)
		return 0;
	int k = dn_wtok_in(t, i, words);
	if (k < 0)
		return 0;
	int j = i + 1;
	if (j < last && k != 2 && dn_wtok_in(t, j, S_parts_of_day) >= 0)
		j++;
	if (j < last && (t->v[j].flags & DN_TK_POSS))
		j++;
	x->kind = DN_TX_DAYS;
	x->n = offset[k];
	return j;
}

/* After "last"/"this"/"next" (rel -1/0/+1) at j: a unit, a part of the
 * day, "weekend", a weekday or a month. "the next day" is relative to the
 * story, not to pub, so days are left out. */
static int S_deixis_unit(const dn_toks *t, int j, int last, int rel,
			 dn_texpr *x)
{
	int plural, m, weak;
	int u = S_unit(t, j, last, &plural);
	if (u && !plural && u != S_U_HOUR && u != S_U_DAY) {
		x->kind = u == S_U_DAY ? DN_TX_DAYS : u == S_U_WEEK ? DN_TX_WEEKS :
			  u == S_U_MONTH ? DN_TX_MONTHS : DN_TX_YEARS;
		x->n = rel;
		return j + 1;
	}
	if (j < last && dn_wtok_in(t, j, S_parts_of_day) >= 0 && rel <= 0) {
		x->kind = DN_TX_DAYS;
		x->n = rel;
		return j + 1;
	}
	if (S_is(t, j, last, "weekend")) {
		x->kind = DN_TX_WEEKDAY;
		x->n = 5;
		x->rel = rel;
		x->prec_cap = DN_PREC_MONTH;
		return j + 1;
	}
	int e = S_weekday(t, j, last, rel, x);
	if (e)
		return e;
	int k = S_name_at(t, j, last, S_months, &m, &weak);
	if (k) {
		x->kind = DN_TX_ABS;
		x->m = m;
		x->rel = rel;
		return j + k;
	}
	return 0;
}

/* "[the] past|last [three|few] weeks", "recent days": the days up to pub. */
static int S_span(const dn_toks *t, int j, int last, dn_texpr *x)
{
	long long n = 1;
	int plural, vague;
	int k = S_count(t, j, last, &n, &vague);
	int u = S_unit(t, j + k, last, &plural);
	if (!u || (k && n > 1 && !plural))
		return 0;
	if (!k && plural)
		n = 3; /* "the past weeks": read as "the past few weeks" */
	x->kind = DN_TX_SPAN;
	x->n = S_span_days(u, n);
	return j + k + 1;
}

static int S_modified(const dn_toks *t, int i, int first, int last,
		      dn_texpr *x)
{
	static const char *const deixis[] = { "last", "this", "next", NULL };
	int e, vague;
	long long n;
	int k = i < last ? dn_wtok_in(t, i, deixis) : -1;
	if (k >= 0) {
		/* "last three weeks" is a span; "last week" is the week before */
		if (k == 0 && S_count(t, i + 1, last, &n, &vague) &&
		    (e = S_span(t, i + 1, last, x)))
			return e;
		return S_deixis_unit(t, i + 1, last, k - 1, x);
	}
	if (S_is(t, i, last, "the") && (S_is(t, i + 1, last, "past") ||
					S_is(t, i + 1, last, "last")))
		return S_span(t, i + 2, last, x);
	if (S_is(t, i, last, "past"))
		return S_span(t, i + 1, last, x);
	if (S_is(t, i, last, "recent") && i > first && dn_wtok_is(t, i - 1, "in")) {
		int plural;
		int u = S_unit(t, i + 1, last, &plural);
		if (!u || !plural)
			return 0;
		x->kind = DN_TX_SPAN;
		x->n = S_span_days(u, u == S_U_DAY ? 7 : u == S_U_WEEK ? 4 : 3);
		return i + 2;
	}
	if (S_is(t, i, last, "the") && S_is(t, i + 1, last, "day") &&
	    (S_is(t, i + 2, last, "before") || S_is(t, i + 2, last, "after")) &&
	    (S_is(t, i + 3, last, "yesterday") || S_is(t, i + 3, last, "tomorrow"))) {
		x->kind = DN_TX_DAYS;
		x->n = S_is(t, i + 3, last, "yesterday") ? -2 : 2;
		return i + 4;
	}
	static const char *const edges[] = {
		"early", "late", "mid", "earlier", "later", NULL
	};
	if (i >= last || dn_wtok_in(t, i, edges) < 0)
		return 0;
	int j = i + 1;
	if ((dn_wtok_is(t, i, "earlier") || dn_wtok_is(t, i, "later")) &&
	    S_is(t, j, last, "in") && S_is(t, j + 1, last, "the")) {
		/* "earlier in the week" = "earlier this week" */
		int plural;
		int u = S_unit(t, j + 2, last, &plural);
		if (!u || plural || u == S_U_HOUR)
			return 0;
		x->kind = u == S_U_DAY ? DN_TX_DAYS : u == S_U_WEEK ? DN_TX_WEEKS :
			  u == S_U_MONTH ? DN_TX_MONTHS : DN_TX_YEARS;
		return j + 3;
	}
	/* j may be last ("early" ending the sentence): no token there */
	if (j < last && (k = dn_wtok_in(t, j, deixis)) >= 0)
		return S_deixis_unit(t, j + 1, last, k - 1, x);
	if ((e = S_deictic(t, j, last, x)))
		return e;
	int m, weak, y;
	if ((k = S_name_at(t, j, last, S_months, &m, &weak))) {
		x->kind = DN_TX_ABS;
		x->m = m;
		x->prec_cap = DN_PREC_MONTH;
		if (S_year(t, j + k, last, &y)) {
			x->y = y;
			return j + k + 1;
		}
		return j + k;
	}
	if (S_year(t, j, last, &y)) {
		x->kind = DN_TX_ABS;
		x->y = y;
		return j + 1;
	}
	return 0;
}

/* "two days ago", "a week ago". */
static int S_ago(const dn_toks *t, int i, int last, dn_texpr *x)
{
	long long n;
	int plural, vague;
	int k = S_count(t, i, last, &n, &vague);
	if (!k)
		return 0;
	if (vague)
		x->prec_cap = DN_PREC_MONTH; /* "a few days ago" */
	int u = S_unit(t, i + k, last, &plural);
	if (!u || !S_is(t, i + k + 1, last, "ago"))
		return 0;
	switch (u) {
	case S_U_HOUR: x->kind = DN_TX_DAYS; x->n = -(int)(n / 24); break;
	case S_U_DAY: x->kind = DN_TX_DAYS; x->n = -(int)n; break;
	case S_U_WEEK: x->kind = DN_TX_WEEKS; x->n = -(int)n; break;
	case S_U_MONTH: x->kind = DN_TX_MONTHS; x->n = -(int)n; break;
	default: x->kind = DN_TX_YEARS; x->n = -(int)n; break;
	}
	return i + k + 2;
}

/* MARK: - Fast rejection
 * dn_texpr_match is tried at every token of a window. An expression can
 * only start at a number, at a word one of the recognisers above looks
 * for first, or at "mid-...". The first word also tells which of them
 * can: DN_TS_* bits, looked up once per token. */

typedef struct S_start {
	const char *w;
	uint32_t cls; /* DN_TS_* */
} S_start;

static const S_start S_start_words[] = {
	{ "the", DN_TS_THE }, /* S_day_first, S_modified ("the past") */
	{ "last", DN_TS_MOD }, { "this", DN_TS_MOD }, { "next", DN_TS_MOD },
	{ "past", DN_TS_MOD }, { "recent", DN_TS_MOD },
	{ "early", DN_TS_MOD }, { "late", DN_TS_MOD }, { "mid", DN_TS_MOD },
	{ "earlier", DN_TS_MOD }, { "later", DN_TS_MOD }, /* edges */
	{ "yesterday", DN_TS_DEICTIC }, { "today", DN_TS_DEICTIC },
	{ "tonight", DN_TS_DEICTIC }, { "tomorrow", DN_TS_DEICTIC },
	{ "a", DN_TS_AGO }, { "an", DN_TS_AGO }, { "one", DN_TS_AGO }, /* S_count */
	{ "few", DN_TS_AGO }, { "several", DN_TS_AGO }, { "couple", DN_TS_AGO },
	{ "ago", DN_TS_AGO_WORD }, /* not a start: what S_ago needs after it */
	/* what S_modified reads after "the" ("the past", "the day before") */
	{ "past", DN_TS_AFTER_THE }, { "last", DN_TS_AFTER_THE },
	{ "day", DN_TS_AFTER_THE },
	{ NULL, 0 }
};

static dn_wset S_starts;
static dn_once S_starts_once = DN_ONCE_INIT;

void dn_texpr_words_add(dn_wset *s, dn_wset *prefixes)
{
	for (int k = 0; S_start_words[k].w; k++)
		dn_wset_add(s, S_start_words[k].w, S_start_words[k].cls);
	for (int k = 0; S_months[k].w; k++) /* S_month_first */
		dn_wset_add(s, S_months[k].w, DN_TS_MONTH);
	for (int k = 0; S_weekdays[k].w; k++) /* S_weekday */
		dn_wset_add(s, S_weekdays[k].w, DN_TS_WEEKDAY);
	dn_number_words_add(s, DN_TS_AGO); /* S_ago: a count in words */
	if (prefixes)
		dn_wset_add(prefixes, "mid", 1); /* S_mid_token: "mid-" */
}

static void S_starts_build(void)
{
	dn_texpr_words_add(&S_starts, NULL);
}

/* S_iso, S_day_first and S_year_alone need a number at token i; S_ago's
 * count may be one, in digits or in words, whose first words S_starts
 * holds too. */
uint32_t dn_texpr_starts(const dn_toks *t, int i)
{
	uint32_t cls = 0;
	if (t->v[i].flags & DN_TK_NUM)
		cls |= DN_TS_NUM | DN_TS_AGO;
	size_t n;
	const char *s = dn_wtok(t, i, &n);
	uint32_t v;
	dn_once_run(&S_starts_once, S_starts_build);
	int r = dn_wset_get_h(&S_starts, s, n, t->v[i].hash, &v);
	if (r < 0)
		return DN_TS_ALL | DN_TS_AGO_WORD; /* cannot tell: try them all */
	if (r > 0)
		cls |= v;
	if (n >= 8 && s[0] == 'm' && memcmp(s, "mid-", 4) == 0) /* S_mid_token */
		cls |= DN_TS_MID;
	/* the number words are in S_starts: only "forty-five" is left */
	if (!(cls & DN_TS_AGO) && dn_number_may_start_hyphen(t, i))
		cls |= DN_TS_AGO;
	return cls;
}

/* The recognisers in order; those whose first word is not at token i
 * (cls) would return 0 without touching x, and are skipped. */
static int S_match(const dn_toks *t, int i, int first, int last, dn_texpr *x,
		   uint32_t cls)
{
	int e;
	if (((cls & DN_TS_NUM) && (e = S_iso(t, i, last, x))) ||
	    ((cls & (DN_TS_THE | DN_TS_MOD)) && (e = S_modified(t, i, first, last, x))))
		return e;
	memset(x, 0, sizeof(*x));
	if (((cls & (DN_TS_NUM | DN_TS_THE)) && (e = S_day_first(t, i, last, x))) ||
	    ((cls & DN_TS_MONTH) && (e = S_month_first(t, i, first, last, x))))
		return e;
	memset(x, 0, sizeof(*x));
	if (((cls & DN_TS_MID) && (e = S_mid_token(t, i, last, x))) ||
	    ((cls & DN_TS_WEEKDAY) && (e = S_weekday(t, i, last, 0, x))) ||
	    ((cls & DN_TS_DEICTIC) && (e = S_deictic(t, i, last, x))) ||
	    ((cls & DN_TS_AGO) && (e = S_ago(t, i, last, x))) ||
	    ((cls & DN_TS_NUM) && (e = S_year_alone(t, i, first, last, x))))
		return e;
	return 0;
}

int dn_texpr_match(const dn_toks *t, int i, int first, int last, dn_texpr *x)
{
	memset(x, 0, sizeof(*x));
	if (i >= last)
		return 0;
	uint32_t cls = dn_texpr_starts(t, i);
	if (!(cls & DN_TS_ALL))
		return 0;
	return dn_texpr_match_at(t, i, first, last, x, cls);
}

int dn_texpr_match_at(const dn_toks *t, int i, int first, int last,
		      dn_texpr *x, uint32_t cls)
{
	memset(x, 0, sizeof(*x));
	if (i >= last)
		return 0;
	int e = S_match(t, i, first, last, x, cls);
	if (e <= i) {
		memset(x, 0, sizeof(*x));
		return 0;
	}
	x->first = i;
	x->last = e;
	return e - i;
}

void dn_texpr_widen(const dn_toks *t, int lo, dn_texpr *x)
{
	int i = x->first;
	/* "at the end of October", "the beginning of 2015" */
	static const char *const edges[] = {
		"end", "beginning", "start", "middle", NULL
	};
	if (i - 2 >= lo && dn_wtok_is(t, i - 1, "of") &&
	    dn_wtok_in(t, i - 2, edges) >= 0) {
		i -= 2;
		if (i - 1 >= lo && dn_wtok_is(t, i - 1, "the"))
			i--;
		if (x->prec_cap == 0 || x->prec_cap > DN_PREC_MONTH)
			x->prec_cap = DN_PREC_MONTH;
	}
	if (i - 2 >= lo && dn_wtok_is(t, i - 1, "of") && dn_wtok_is(t, i - 2, "as"))
		i -= 2;
	else if (i - 1 >= lo && dn_wtok_in(t, i - 1, S_span_preps) >= 0)
		i--;
	x->first = i;
}

/* MARK: - Resolution */

/* The year that puts month m (day d, 0 for none) on the right side of pub:
 * on or before it, or on or after it when future. */
static int S_pick_year(const dn_date *pub, int m, int d, int future, int rel)
{
	int after = m > pub->m || (m == pub->m && d > pub->d);
	int before = m < pub->m || (m == pub->m && d && d < pub->d);
	if (rel < 0) /* "last October": strictly before pub's month */
		return m < pub->m ? pub->y : pub->y - 1;
	if (rel > 0)
		return m > pub->m ? pub->y : pub->y + 1;
	if (future)
		return before ? pub->y + 1 : pub->y;
	return after ? pub->y - 1 : pub->y;
}

int dn_texpr_resolve(const dn_texpr *x, const dn_date *pub, int future,
		     dn_date *out, int *prec)
{
	dn_date r = { 0, 0, 0 };
	int p;
	if (pub && (!pub->m || !pub->d))
		pub = NULL; /* relative dates need a day-precision pub */
	if (x->kind != DN_TX_ABS && !pub)
		return 0;
	switch (x->kind) {
	case DN_TX_ABS:
		r.m = x->m;
		r.d = x->m ? x->d : 0;
		r.y = x->y;
		if (!r.y) {
			if (!pub || !r.m)
				return 0;
			r.y = S_pick_year(pub, r.m, r.d, future, x->rel);
		}
		p = r.d ? DN_PREC_DAY : r.m ? DN_PREC_MONTH : DN_PREC_YEAR;
		if (!S_valid(r.y, r.m, r.d))
			return 0;
		break;
	case DN_TX_WEEKDAY: {
		int wd = dn_date_weekday(pub);
		int back = (wd - x->n + 7) % 7, fwd = (x->n - wd + 7) % 7;
		long delta;
		if (x->rel < 0)
			delta = -(back ? back : 7);
		else if (x->rel > 0)
			delta = fwd ? fwd : 7;
		else
			delta = future ? fwd : -back;
		S_add_days(pub, delta, &r);
		p = DN_PREC_DAY;
		break;
	}
	case DN_TX_DAYS:
		S_add_days(pub, x->n, &r);
		p = DN_PREC_DAY;
		break;
	case DN_TX_WEEKS:
		S_add_days(pub, 7L * x->n, &r);
		p = DN_PREC_MONTH;
		break;
	case DN_TX_MONTHS: {
		long k = (long)pub->y * 12 + (pub->m - 1) + x->n;
		r.y = (int)(k / 12);
		r.m = (int)(k % 12) + 1;
		p = DN_PREC_MONTH;
		break;
	}
	case DN_TX_YEARS:
		r.y = pub->y + x->n;
		p = DN_PREC_YEAR;
		break;
	case DN_TX_SPAN: {
		/* the smallest calendar unit holding [pub - n, pub] */
		dn_date a;
		S_add_days(pub, -(long)x->n, &a);
		r = *pub;
		if (a.y == pub->y && a.m == pub->m)
			p = DN_PREC_MONTH;
		else if (a.y == pub->y)
			p = DN_PREC_YEAR;
		else
			return 0;
		break;
	}
	default:
		return 0;
	}
	if (x->prec_cap && p > x->prec_cap)
		p = x->prec_cap;
	if (p < DN_PREC_DAY)
		r.d = 0;
	if (p < DN_PREC_MONTH)
		r.m = 0;
	if (!S_valid(r.y, r.m, r.d))
		return 0;
	*out = r;
	*prec = p;
	return 1;
}

/* MARK: - Attaching an expression to a trigger */

/* Whether x stands alone between commas: "Since October 18th, Russia"
 * or "..., on Monday, ...". Its own commas then join it to the clause. */
static int S_isolated(dn_when_sent *ws, const dn_texpr *x)
{
	const dn_toks *t = ws->t;
	int first = ws->first, last = ws->last;
	int before = x->first == first ||
		     dn_clause_bnd(ws, x->first - 1) == DN_BND_COMMA;
	int after = x->last == last || dn_wtok_is(t, x->last, ",") ||
		    ((t->v[x->last].flags & DN_TK_PUNCT) && x->last + 1 == last);
	return before && after;
}

/* Whether the boundary at p opens a relative clause on the trigger
 * itself: "the bombings which left", "the bombings, which took place". */
static int S_opens_relative(dn_when_sent *ws, int trig, int p)
{
	if (p == trig + 2 && !dn_wtok_is(ws->t, trig + 1, ","))
		return 0;
	if (p != trig + 1 && p != trig + 2)
		return 0;
	int kind = dn_clause_bnd(ws, p);
	if (kind == DN_BND_REL)
		return 1;
	return kind == DN_BND_COMMA && p == trig + 1 && p + 1 < ws->last &&
	       dn_clause_bnd(ws, p + 1) == DN_BND_REL;
}

/* Whether the trigger sits in a participle clause set off by a comma:
 * "rebels, fighting alongside X, launched ...": it shares the main
 * clause's time. */
static int S_in_participle(dn_when_sent *ws, int trig)
{
	int i = trig, first = ws->first;
	while (i > first && dn_clause_bnd(ws, i - 1) == DN_BND_NONE)
		i--;
	return i > first && dn_clause_bnd(ws, i - 1) == DN_BND_COMMA &&
	       dn_clause_is_ing(ws->t, i);
}

/* Whether the comma g->pos[k] opens or closes a short aside set off by
 * commas: ", in a statement,". */
static int S_short_aside(const dn_gap *g, int k)
{
	enum { S_ASIDE_MAX = 6 }; /* tokens between the two commas, at most */
	int n = DN_MIN(g->n, DN_GAP_MAX);
	for (int j = 0; j < n; j++)
		if (j != k && g->kind[j] == DN_BND_COMMA &&
		    abs(g->pos[j] - g->pos[k]) <= S_ASIDE_MAX)
			return 1;
	return 0;
}

/* Whether the clause of x, up to the trigger, speaks of the future:
 * "negotiations will begin in late January", "is expected to visit Paris
 * on October 19". Modals and "expected/scheduled to" are grammar. */
static const char *const S_modals[] = { "will", "'ll", "shall", "would", NULL };
static const char *const S_expect[] = { "expected", "scheduled", NULL }; /* + "to" */
static const char *const *const S_marks[] = { S_modals, S_expect, NULL };
static dn_wset S_marks_set;
static dn_once S_marks_once = DN_ONCE_INIT;

static void S_marks_build(void)
{
	dn_wset_add_lists(&S_marks_set, S_marks);
}

static int S_future_marked(dn_when_sent *ws, int trig, const dn_texpr *x)
{
	const dn_toks *t = ws->t;
	int first = ws->first, last = ws->last;
	int a = DN_MIN(x->first, trig), b = DN_MAX(x->first, trig);
	while (a > first && dn_clause_bnd(ws, a) == DN_BND_NONE)
		a--;
	dn_once_run(&S_marks_once, S_marks_build);
	for (int i = a; i < b; i++) {
		uint32_t k = dn_wtok_lists(t, i, &S_marks_set, S_marks);
		if ((k & 1) || ((k & 2) && i + 1 < last && dn_wtok_is(t, i + 1, "to")))
			return 1;
	}
	return 0;
}

/* Ranks candidate x for the trigger: 0 same clause after, 1 same clause
 * before, 2 tied clause after, 3 tied clause before, -1 unrelated. */
static int S_tier(dn_when_sent *ws, int trig, const dn_texpr *x)
{
	const dn_toks *t = ws->t;
	int first = ws->first, last = ws->last;
	int after = x->first > trig;
	if (trig >= x->first && trig < x->last)
		return 0;
	dn_gap g;
	if (after)
		dn_clause_gap(ws, trig, x->first, &g);
	else
		dn_clause_gap(ws, x->last - 1, trig, &g);
	if (g.n > DN_GAP_MAX)
		return -1;
	int iso = S_isolated(ws, x);
	int kept = 0, pos[DN_GAP_MAX], kind[DN_GAP_MAX];
	for (int k = 0; k < g.n; k++) {
		int p = g.pos[k];
		/* "and"/"but" join clauses that usually share their time */
		if (g.kind[k] == DN_BND_COORD)
			continue;
		if (iso && g.kind[k] == DN_BND_COMMA &&
		    (p == x->first - 1 || p == x->last))
			continue;
		/* "On Monday, in a statement, the ministry condemned" */
		if (iso && !after && x->first == first && g.kind[k] == DN_BND_COMMA &&
		    S_short_aside(&g, k))
			continue;
		if (after && S_opens_relative(ws, trig, p))
			continue;
		pos[kept] = p;
		kind[kept++] = g.kind[k];
	}
	if (kept == 0)
		return after ? 0 : 1;
	if (kept != 1)
		return -1;
	/* "said on Monday that <trigger>", "killed on Monday when <trigger>" */
	if (!after && (kind[0] == DN_BND_THAT ||
		       (kind[0] == DN_BND_SUB && dn_wtok_is(t, pos[0], "when"))))
		return 3;
	if (kind[0] != DN_BND_COMMA)
		return -1;
	/* "<trigger> ..., killing 12 on Monday" and the reverse */
	if ((pos[0] + 1 < last && dn_clause_is_ing(t, pos[0] + 1)) ||
	    S_in_participle(ws, trig))
		return after ? 2 : 3;
	/* "<trigger> ..., police said on Monday" */
	if (after)
		for (int i = pos[0] + 1; i < x->first; i++)
			if (dn_clause_is_report(t, i))
				return 2;
	return -1;
}

/* The temporal expressions of the window [lo, hi) into ws->tx, in text
 * order, each widened over its preposition (but not into the one before
 * it). An expression is matched as if the sentence ended at hi. */
static void S_scan(dn_when_sent *ws, int lo, int hi)
{
	const dn_toks *t = ws->t;
	int prev = lo, n = 0;
	for (int i = lo; (i = dn_when_next(ws, i, hi, DN_TS_ALL)) < hi;) {
		dn_texpr *x = &ws->tx[n];
		uint32_t cls = dn_when_bits(ws, i) & DN_TS_ALL;
		if (!dn_texpr_match_at(t, i, ws->first, hi, x, cls)) {
			i++;
			continue;
		}
		dn_texpr_widen(t, prev, x);
		i = prev = x->last;
		n++; /* at most one per token of the window: fits DN_WHEN_SPAN */
	}
	ws->ntx = n;
	ws->tx_lo = lo;
	ws->tx_hi = hi;
}

int dn_when_pick(dn_when_sent *ws, int trigger, const dn_date *pub,
		 int future, dn_when *out)
{
	memset(out, 0, sizeof(*out));
	if (!ws->ok || trigger < ws->first || trigger >= ws->last)
		return 0;
	dn_when_classify(ws);
	const dn_toks *toks = ws->t;
	/* the window is the whole sentence for every trigger of a sentence
	 * up to DN_WHEN_WINDOW + 1 tokens long: one scan serves them all */
	int lo = DN_MAX(ws->first, trigger - DN_WHEN_WINDOW);
	int hi = DN_MIN(ws->last, trigger + DN_WHEN_WINDOW + 1);
	if (ws->tx_lo != lo || ws->tx_hi != hi)
		S_scan(ws, lo, hi);
	const dn_texpr *best = NULL;
	int best_tier = 99, best_dist = 0;
	for (int k = 0; k < ws->ntx; k++) {
		const dn_texpr *x = &ws->tx[k];
		int tier = S_tier(ws, trigger, x);
		if (tier < 0)
			continue;
		int dist = x->first > trigger ? x->first - trigger :
			   x->last <= trigger ? trigger - x->last + 1 : 0;
		if (!best || tier < best_tier ||
		    (tier == best_tier && dist < best_dist)) {
			best = x;
			best_tier = tier;
			best_dist = dist;
		}
	}
	if (!best)
		return 0;
	out->start = toks->v[best->first].start;
	out->end = toks->v[best->last - 1].end;
	if (!future)
		future = S_future_marked(ws, trigger, best);
	if (!dn_texpr_resolve(best, pub, future, &out->date, &out->precision)) {
		out->precision = DN_PREC_UNKNOWN;
		return 0;
	}
	return 1;
}

int dn_when_find(const char *text, const dn_toks *toks, int first, int last,
		 int trigger, const dn_date *pub, int future, dn_when *out)
{
	dn_when_sent ws;
	(void)text;
	dn_when_prepare(&ws, toks, first, last);
	return dn_when_pick(&ws, trigger, pub, future, out);
}
