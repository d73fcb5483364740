/*
 * when.h — when an event happened and how many it killed or wounded.
 *
 * Works on the tokens of one sentence (src/lex): finds the temporal
 * expression attached to an event trigger and resolves it against the
 * publication date, finds the death toll and injured count attached to the
 * same trigger, and scans a whole document for absolute dates so that a
 * publication date can be inferred when the input gives none.
 *
 * Nothing here allocates per token; dn_dates_scan allocates one token
 * buffer per call. No function prints or keeps state of its own: all are
 * thread-safe, and a dn_when_sent (the work on one sentence shared by its
 * triggers) is the caller's, used by one thread at a time.
 */
#ifndef DN_WHEN_H
#define DN_WHEN_H

#include <stddef.h>
#include <stdint.h>

#include <dunlin.h>

#include "lex/lex.h"

/* How far from the trigger (in tokens, each side) dates and counts are
 * looked for: sentences are at most DN_MAX_SENT_TOKENS anyway, and this
 * bounds the work per trigger. */
#define DN_WHEN_WINDOW 80

/* MARK: - Calendar dates */

typedef struct dn_date {
	int y, m, d; /* year, month 1..12, day 1..31; m/d 0 when unknown */
} dn_date;

enum { DN_PREC_UNKNOWN, DN_PREC_YEAR, DN_PREC_MONTH, DN_PREC_DAY };

/* Parses "YYYY-MM-DD" (also "YYYY-MM", "YYYY", and a timestamp whose
 * first ten bytes are "YYYY-MM-DD" followed by 'T' or ' '). Checks that the
 * day exists. Returns 1 and fills *out and *precision on success, else 0.
 * precision may be NULL. */
int dn_date_parse(const char *s, size_t n, dn_date *out, int *precision);

/* Writes "YYYY-MM-DD", "YYYY-MM" or "YYYY" per precision into buf (at least
 * 11 bytes); "" for DN_PREC_UNKNOWN. */
void dn_date_format(const dn_date *d, int precision, char *buf);

/* Days since 1970-01-01 (negative before), and back. */
long dn_date_days(const dn_date *d);
void dn_date_from_days(long days, dn_date *out);

/* Day of the week: 0 Monday .. 6 Sunday. */
int dn_date_weekday(const dn_date *d);

/* MARK: - Temporal expressions */

typedef struct dn_when {
	uint32_t start, end; /* byte span of the temporal expression */
	dn_date date;        /* the resolved date (m/d 0 past precision) */
	int precision;       /* DN_PREC_* */
} dn_when;

/* Finds the temporal expression attached to the event whose trigger is
 * token `trigger` in one sentence's tokens toks->v[first..last). text is
 * the document the tokens point into. pub is the publication date, or
 * NULL when unknown: then relative expressions ("on Wednesday", "last
 * month") cannot resolve, while absolute ones with a year still do.
 * future != 0 when the event's verb is future: weekdays, months and
 * month-days then resolve on or after pub instead of on or before it. A
 * modal in the expression's own clause ("negotiations will begin in late
 * January", "is expected to visit Paris on October 19") also makes it
 * future when the caller did not.
 *
 * The expression chosen is the nearest one in the trigger's clause, after
 * the trigger first, then before it ("and"/"but" do not end a clause here;
 * a fronted "Since October 18th, ..." belongs to the clause it opens);
 * failing that, one in a clause tied to it: "said on Monday that
 * <trigger>", "killed on Monday when <trigger>", a trailing ", police said
 * on Monday", a ", killing ..." participle. Spans are byte offsets into
 * text (which is otherwise not read). Expressions more than
 * DN_WHEN_WINDOW tokens from the trigger are not considered.
 *
 * Returns 1 and fills *out when an expression was found and resolved.
 * Returns 0 otherwise; when the chosen expression could not be resolved
 * (no pub, or a date that does not exist), *out still holds its span with
 * precision DN_PREC_UNKNOWN, else out->start == out->end == 0. */
int dn_when_find(const char *text, const dn_toks *toks, int first, int last,
		 int trigger, const dn_date *pub, int future, dn_when *out);

/* Scans all of s[0..n) (a whole document's cleaned text) for absolute
 * dates that name a year: "26 November 2014", "December 23, 2015",
 * "21 October 2o15", "2016-10-12", "Nov. 26, 2014", "November 2014" (month
 * precision). Bare years are not reported. For publication-date inference
 * over datelines, "Updated:" stamps, embedded-post lines and reference
 * lists. Fills out[0..max) in text order and returns how many were stored,
 * or -1 on OOM. */
int dn_dates_scan(const char *s, size_t n, dn_when *out, int max);

/* Picks the latest day-precision date among w[0..n) whose byte span lies
 * in [start, end) (a reference list, say). Returns its index, or -1. */
int dn_dates_latest(const dn_when *w, int n, uint32_t start, uint32_t end);

/* MARK: - Counts */

typedef struct dn_count {
	long long min, max;  /* bounds; max -1 = null (unbounded) */
	uint32_t start, end; /* byte span of the count ("at least 40 people") */
	int set;             /* 1 when a count was found */
} dn_count;

/* Finds the death toll and the injured count attached to the event whose
 * trigger is token `trigger` in toks->v[first..last). A count attaches when
 * its casualty word is the trigger, or lies in the trigger's clause (or a
 * relative clause right after it, a trailing ", killing ..." participle,
 * or the main clause of "<count> were killed when <trigger>"); the
 * nearest such count of each kind wins. Cumulative counts ("since", "so far", "bringing the toll
 * to") attach only to their own casualty word. "casualties" alone is
 * ambiguous and never counted; nor is "killed or wounded".
 * Conventions (ACLED): exact "40 people were killed" min = max = 40;
 * "at least 40", "more than 40", "over 40" min 40, max null; "nearly",
 * "about", "close to", "up to", "as many as" min = max = the number; "fewer
 * than 40" min 0 max 39; "10 to 20" min 10 max 20; tens 10, dozens 12,
 * scores 20, hundreds 100, thousands 1000, several 3, a few 2 (min, max
 * null); "a dozen" 12.
 * Returns a bitmask: 1 when *dead was set, 2 when *injured was set (both
 * are cleared first). */
int dn_toll_find(const char *text, const dn_toks *toks, int first, int last,
		 int trigger, dn_count *dead, dn_count *injured);

/* Parses a number expression starting at token i (< last): digits ("40",
 * "1,000", "4000", "3.5 million"), words ("two", "forty-five", "forty
 * five", "one hundred and twenty", "a dozen", "two dozen") and vague
 * plurals ("dozens", "tens of thousands", "hundreds", "scores", "several",
 * "a few"). Returns the number of tokens consumed (0 if none), the value
 * (the lower bound for vague ones) in *val, and *exact 1 for a stated
 * figure, 0 for a vague one. Ordinals ("18th") and percentages are not
 * numbers. */
int dn_number_parse(const dn_toks *toks, int i, int last, long long *val,
		    int *exact);

/* MARK: - One sentence, several triggers
 * dn_when_find and dn_toll_find look for every temporal expression and
 * every casualty count near the trigger, and most of that work does not
 * depend on the trigger. A dn_when_sent holds it for one sentence: the
 * expressions and count mentions found once, word classes per token and
 * clause boundaries as they are asked for; the pick functions then only
 * rank what was found against their trigger.
 *
 *	dn_when_sent *ws = ...;              (the caller's: about 24 KB)
 *	dn_when_prepare(ws, toks, first, last);   (cheap: nothing scanned yet)
 *	dn_when_pick(ws, trig, pub, future, &when);   (scans on first use)
 *	dn_toll_pick(ws, trig, &dead, &injured);
 *
 * A pick gives exactly what dn_when_find / dn_toll_find give for the same
 * sentence and trigger. The tokens of the sentence must not change between
 * prepare and the last pick. */

/* Tokens a trigger's window covers at most (DN_WHEN_WINDOW each side). */
#define DN_WHEN_SPAN (2 * DN_WHEN_WINDOW + 1)

/* A temporal expression found in a sentence (private: see when_int.h). */
typedef struct dn_texpr {
	int first, last; /* token range [first, last) incl. a preposition */
	int kind;        /* DN_TX_* */
	int y, m, d;     /* DN_TX_ABS parts, 0 when not written */
	int n;           /* offset, weekday or span length (see kinds) */
	int rel;         /* DN_TX_WEEKDAY / month: -1 last, +1 next, 0 */
	int prec_cap;    /* coarsest precision allowed ("late January") */
} dn_texpr;

/* A count with its casualty word (private: see toll.c). */
typedef struct dn_mention {
	int kind;           /* 1 dead, 2 injured */
	int anchor;         /* the casualty word */
	int lo, hi;         /* tokens spanned by count and casualty word */
	int ca, cb;         /* count text tokens [ca, cb) */
	int own;            /* cumulative, or another event's content: attaches
			       only to a trigger inside [lo, hi] */
	long long min, max; /* bounds */
} dn_mention;

/* One sentence prepared for several triggers. Fields are private. */
typedef struct dn_when_sent {
	const dn_toks *t;           /* the document's tokens */
	int first, last;            /* the sentence: tokens [first, last) */
	int ok;                     /* the range is valid */
	int classified;             /* bits[] and bnd[] are initialised */
	int tx_lo, tx_hi;           /* window tx[] was found in (-1: none) */
	int ntx;                    /* expressions in tx[] */
	int men_lo, men_hi;         /* window men[] was found in (-1: none) */
	int nmen;                   /* mentions in men[] */
	uint32_t any;               /* the union of bits[] */
	uint32_t bits[DN_MAX_SENT_TOKENS]; /* word classes of token first + k */
	int8_t bnd[DN_MAX_SENT_TOKENS];    /* its clause boundary, -1 unknown */
	dn_texpr tx[DN_WHEN_SPAN];         /* expressions, in text order */
	dn_mention men[2 * DN_WHEN_SPAN];  /* count mentions, in scan order */
} dn_when_sent;

/* Starts work on the sentence toks->v[first..last). Costs a few stores:
 * nothing is scanned until a pick needs it. */
void dn_when_prepare(dn_when_sent *ws, const dn_toks *toks, int first,
		     int last);

/* dn_when_find for the prepared sentence (the document text is not
 * needed: spans are byte offsets). */
int dn_when_pick(dn_when_sent *ws, int trigger, const dn_date *pub,
		 int future, dn_when *out);

/* dn_toll_find for the prepared sentence. */
int dn_toll_pick(dn_when_sent *ws, int trigger, dn_count *dead,
		 dn_count *injured);

#endif
