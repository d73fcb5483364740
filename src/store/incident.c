/*
 * incident.c — grouping the event records that describe one real-world
 * incident, within one document and across documents.
 *
 * The rule. Only records whose modality says the event happened (or is
 * claimed or denied to have happened; see dn_store_happened) take part.
 *
 * 1. Within a document, records are read most precise date first, then in
 *    sentence order. A record joins the best earlier group of the same
 *    PLOVER category that it does not contradict (S_compare: dates,
 *    places, tolls, actors), if both are dated or, for an undated record,
 *    if they share one anchor (below). Each such group is a *node*: one
 *    document's account of one incident.
 * 2. Two nodes of different documents are *linked* when they have the same
 *    category, nothing contradicts, and they share enough anchors: one
 *    when both dates are days, two when the coarser is a month, three
 *    for a year; undated nodes never link across documents.
 *      - dates: two days at most DN_INC_DAY_SLACK apart, or a day inside a
 *        month or year, or overlapping months/years;
 *      - place anchor: the same place, two cities within DN_INC_NEAR_KM,
 *        or a place inside a province or district given by the other
 *        (a whole country matches but is no anchor);
 *      - toll anchor: both state deaths and the counts are within
 *        DN_INC_TOLL_RATIO (or DN_INC_TOLL_SLACK) of each other; counts
 *        whose ranges overlap do not contradict but are no anchor;
 *      - dyad anchor: actor and recipient countries match on both sides
 *        (for reciprocal events, the same set of parties);
 *      - actors contradict when both sides name entities and no pair
 *        agrees on country and sector (unknowns agree with anything;
 *        GOV/MIL, CVL/REF and REB/OPP agree, see S_sector_kin).
 * 3. Incidents are built from the nodes of a connected component of the
 *    link graph, in a canonical order (precision, date, document id): a
 *    node joins the cluster it contradicts in no member and is linked to
 *    by the most anchors (then the closest date); a node coarser than a
 *    day that fits two clusters equally is kept apart (ambiguous). The
 *    result depends only on the set of records, never on ingest order.
 * 4. Each incident takes the most precise date (the one most documents
 *    give), the most precise place, and as dead/injured the highest count
 *    that at least two documents support as a lower bound (one document:
 *    its count), with the range seen; different counts, dates or places
 *    are listed as disagreements. Its key is derived from its first
 *    report, and every report records why it was merged.
 *
 * Incremental: a transaction notes the documents it stored or replaced;
 * the commit reclusters exactly the components that contain them (and
 * what the replaced versions were linked to).
 */
#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "internal.h"

/* MARK: - Thresholds and limits */

#define DN_INC_DAY_SLACK 1       /* days two day-precise dates may differ */
#define DN_INC_NEAR_KM 10.0      /* cities this close are one place */
#define DN_INC_DISTRICT_KM 30.0  /* a place this close is in a district */
#define DN_INC_TOLL_RATIO 2      /* counts within this factor agree */
#define DN_INC_TOLL_SLACK 2      /* counts this close agree */
#define DN_INC_MAX_COMPONENT 200000 /* nodes clustered together, at most */

enum { S_A_PLACE = 1, S_A_TOLL = 2, S_A_DYAD = 4 };

/* MARK: - Records as the clusterer sees them */

typedef struct S_ent {
	const char *country; /* or NULL */
	const char *sector;  /* or NULL */
} S_ent;

typedef struct S_side {
	const S_ent *v; /* entities (none with both fields unknown) */
	int n;
} S_side;

typedef struct S_place {
	int64_t id;                            /* places rowid, 0 none */
	const char *name, *province, *country; /* or NULL */
	double lat, lon;
	int has_ll;  /* lat and lon are known */
	int res;     /* 1 country .. 5 sub-city (PLOVER resolution) */
} S_place;

/* What comparisons look at, for a record or a node. */
typedef struct S_attr {
	int cat;              /* index into dn_store_cats */
	dn_prec prec;         /* date precision */
	int32_t lo, hi;       /* the date as a day interval */
	const S_place *place; /* or NULL */
	long dead_lo;         /* deaths stated at least, -1 none */
	long dead_hi;         /* at most, -1 open */
	S_side act, rec;      /* actors and recipients */
} S_attr;

typedef struct S_doc S_doc;
typedef struct S_node S_node;

typedef struct S_rep {
	int64_t id;        /* events rowid */
	const char *rid;   /* the record's id */
	int sentence;
	long inj_lo, inj_hi;
	S_place place;     /* place.id 0: none */
	S_attr a;
	S_node *node;      /* the node it belongs to */
	const char *why;   /* why it joined its node (NULL: first) */
} S_rep;

/* One document's account of one incident. */
struct S_node {
	S_doc *doc;
	S_rep **reps;       /* in joining order (most precise first) */
	int nreps;
	S_attr a;           /* the account's summary */
	uint64_t sig;       /* hash of a, for comparing equal accounts once */
	int comp;           /* component number, -1 not reached */
	int cluster;        /* cluster index in its component, -1 none */
	const char *why;    /* why it joined its cluster (NULL: first) */
};

struct S_doc {
	int64_t id;          /* docs rowid */
	const char *name;    /* NULL when the document is gone */
	const char *source;
	S_rep *reps;
	int nreps;
	S_node *nodes;
	int nnodes;
};

/* Documents with events in a date window of one category (memo). */
typedef struct S_near {
	int cat;
	int32_t lo, hi;
	int64_t *docs;
	size_t n;
} S_near;

typedef struct S_ctx {
	dn_store *s;
	dn_error *err;
	dn_arena *a;          /* loaded documents live here */
	S_doc **map;          /* documents by rowid (open addressing) */
	size_t nmap, capmap;
	S_near *near;         /* window memo (open addressing) */
	size_t nnear, capnear;
	S_node **comp;        /* the component being built */
	size_t ncomp, capcomp;
	int ncomps;
	dn_buf why;           /* scratch for explanations */
} S_ctx;

/* MARK: - Small helpers */

static const char *S_dup(S_ctx *x, const unsigned char *s)
{
	return s ? dn_arena_strndup(x->a, (const char *)s,
				    strlen((const char *)s))
		 : NULL;
}

static long S_col_long(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? -1
		       : (long)sqlite3_column_int64(st, i);
}

static int S_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Names equal when their letters and digits are, ignoring case:
 * "al-Habeet" = "Al Habeet". */
static int S_name_eq(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	for (;;) {
		while (*a && (unsigned char)*a < 0x80 && !isalnum((unsigned char)*a))
			a++;
		while (*b && (unsigned char)*b < 0x80 && !isalnum((unsigned char)*b))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

static double S_km(const S_place *p, const S_place *q)
{
	const double r = 6371.0, rad = M_PI / 180.0;
	double dlat = (q->lat - p->lat) * rad, dlon = (q->lon - p->lon) * rad;
	double h = sin(dlat / 2) * sin(dlat / 2) +
		   cos(p->lat * rad) * cos(q->lat * rad) * sin(dlon / 2) *
			   sin(dlon / 2);
	return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

static int S_popcount(int v)
{
	int n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

static const char *S_place_label(const S_place *p)
{
	return p->name ? p->name : p->province ? p->province
			: p->country ? p->country : "?";
}

static void S_date_text(const S_attr *a, char out[11])
{
	dn_store_date_format(a->lo, out);
	if (a->prec == DN_PREC_MONTH)
		out[7] = 0;
	else if (a->prec == DN_PREC_YEAR)
		out[4] = 0;
}

/* MARK: - Comparing two accounts */

typedef struct S_cmp {
	int conflict;   /* they cannot be one incident */
	int anchors;    /* S_A_* shared */
	int need;       /* anchors needed */
	int32_t dist;   /* days between the dates */
} S_cmp;

static void S_cmp_date(const S_attr *x, const S_attr *y, int same_doc,
		       S_cmp *c, dn_buf *why)
{
	char dx[11], dy[11];
	if (x->prec == DN_PREC_UNKNOWN || y->prec == DN_PREC_UNKNOWN) {
		c->conflict |= !same_doc;
		c->need = 1;
		if (why)
			dn_buf_adds(why, "undated, same article");
		return;
	}
	S_date_text(x, dx);
	S_date_text(y, dy);
	dn_prec coarse = x->prec > y->prec ? x->prec : y->prec;
	if (x->prec == DN_PREC_DAY && y->prec == DN_PREC_DAY) {
		c->dist = abs(x->lo - y->lo);
		c->conflict |= c->dist > DN_INC_DAY_SLACK;
	} else {
		c->conflict |= x->hi < y->lo || y->hi < x->lo;
	}
	c->need = same_doc ? 0 : (int)coarse + 1;
	if (!why)
		return;
	if (strcmp(dx, dy) == 0)
		dn_buf_printf(why, "date %s", dx);
	else if (x->prec == y->prec && coarse == DN_PREC_DAY)
		dn_buf_printf(why, "date %s ~ %s (%d day%s)", dx, dy,
			      (int)c->dist, c->dist == 1 ? "" : "s");
	else if (x->prec != y->prec)
		dn_buf_printf(why, "date %s in %s", x->prec < y->prec ? dx : dy,
			      x->prec < y->prec ? dy : dx);
	else
		dn_buf_printf(why, "date %s ~ %s", dx, dy);
}

typedef enum { S_P_NONE, S_P_SAME, S_P_NEAR, S_P_IN, S_P_WEAK,
	       S_P_CONFLICT } S_prel;

/* How fine place f relates to coarser place c (f->res > c->res). */
static S_prel S_place_in(const S_place *f, const S_place *c)
{
	switch (c->res) {
	case 1:
		return S_P_IN;
	case 2: {
		const char *prov = c->province ? c->province : c->name;
		if (!f->province)
			return S_P_WEAK;
		return S_name_eq(f->province, prov) ||
				       S_name_eq(f->province, c->name)
			       ? S_P_IN
			       : S_P_CONFLICT;
	}
	case 3:
		if (f->has_ll && c->has_ll)
			return S_km(f, c) <= DN_INC_DISTRICT_KM ? S_P_IN
								: S_P_CONFLICT;
		if (f->province && c->province)
			return S_name_eq(f->province, c->province)
				       ? S_P_WEAK
				       : S_P_CONFLICT;
		return S_P_WEAK;
	default:
		if (f->has_ll && c->has_ll)
			return S_km(f, c) <= DN_INC_NEAR_KM ? S_P_IN
							    : S_P_CONFLICT;
		if (f->province && c->province &&
		    !S_name_eq(f->province, c->province))
			return S_P_CONFLICT;
		return S_P_WEAK;
	}
}

static S_prel S_place_rel(const S_place *p, const S_place *q)
{
	if (!p || !q)
		return S_P_NONE;
	if (p->country && q->country && strcmp(p->country, q->country) != 0)
		return S_P_CONFLICT;
	if (p->res != q->res)
		return p->res > q->res ? S_place_in(p, q) : S_place_in(q, p);
	if (p->res == 1)
		return S_P_SAME;
	if (p->province && q->province &&
	    !S_name_eq(p->province, q->province))
		return S_P_CONFLICT;
	if (S_name_eq(p->name, q->name) ||
	    (!p->name && !q->name && p->res == 2))
		return S_P_SAME;
	if (p->res >= 4 && p->has_ll && q->has_ll &&
	    S_km(p, q) <= DN_INC_NEAR_KM)
		return S_P_NEAR;
	return S_P_CONFLICT;
}

static void S_cmp_place(const S_attr *x, const S_attr *y, S_cmp *c,
			dn_buf *why)
{
	S_prel r = S_place_rel(x->place, y->place);
	if (r == S_P_NONE)
		return;
	int coarse = DN_MIN(x->place->res, y->place->res);
	c->conflict |= r == S_P_CONFLICT;
	if ((r == S_P_SAME || r == S_P_NEAR || r == S_P_IN) && coarse >= 2)
		c->anchors |= S_A_PLACE;
	if (!why)
		return;
	static const char *const rel[] = {"", "=", "near", "~", "~", "vs"};
	const S_place *a = x->place, *b = y->place;
	if (r == S_P_IN || r == S_P_WEAK)
		dn_buf_printf(why, "; place %s in %s",
			      S_place_label(a->res > b->res ? a : b),
			      S_place_label(a->res > b->res ? b : a));
	else
		dn_buf_printf(why, "; place %s %s %s", S_place_label(a),
			      rel[r], S_place_label(b));
}

static void S_toll_text(long lo, long hi, char out[48])
{
	if (hi == lo)
		snprintf(out, 48, "%ld", lo);
	else if (hi < 0)
		snprintf(out, 48, "%ld+", lo);
	else
		snprintf(out, 48, "%ld-%ld", lo, hi);
}

static void S_cmp_toll(const S_attr *x, const S_attr *y, S_cmp *c,
		       dn_buf *why)
{
	if (x->dead_lo < 0 || y->dead_lo < 0)
		return;
	long small = DN_MIN(x->dead_lo, y->dead_lo);
	long big = DN_MAX(x->dead_lo, y->dead_lo);
	int overlap = (x->dead_hi < 0 || x->dead_hi >= y->dead_lo) &&
		      (y->dead_hi < 0 || y->dead_hi >= x->dead_lo);
	int close = small >= 1 && (big <= small * DN_INC_TOLL_RATIO ||
				   big - small <= DN_INC_TOLL_SLACK);
	c->conflict |= !overlap && !close;
	if (close)
		c->anchors |= S_A_TOLL;
	if (why) {
		char tx[48], ty[48];
		S_toll_text(x->dead_lo, x->dead_hi, tx);
		S_toll_text(y->dead_lo, y->dead_hi, ty);
		dn_buf_printf(why, "; dead %s %s %s", tx,
			      !overlap && !close ? "vs" : "~", ty);
	}
}

/* Sectors that reports use for the same people: the state's forces are
 * "the government" in one outlet and "the army" in the next; displaced
 * civilians are "civilians" or "refugees"; armed opposition "rebels" or
 * "opposition". */
static const char *const S_sector_kin[][2] = {
	{"GOV", "MIL"}, {"CVL", "REF"}, {"REB", "OPP"}};

static int S_sector_agree(const char *a, const char *b)
{
	if (!a || !b || strcmp(a, b) == 0)
		return 1;
	for (size_t i = 0; i < DN_ARRAY_LEN(S_sector_kin); i++)
		if ((!strcmp(a, S_sector_kin[i][0]) &&
		     !strcmp(b, S_sector_kin[i][1])) ||
		    (!strcmp(a, S_sector_kin[i][1]) &&
		     !strcmp(b, S_sector_kin[i][0])))
			return 1;
	return 0;
}

static int S_ent_agree(const S_ent *a, const S_ent *b)
{
	return (!a->country || !b->country ||
		strcmp(a->country, b->country) == 0) &&
	       S_sector_agree(a->sector, b->sector);
}

/* Some pair agrees (an empty side agrees with anything). */
static int S_side_agree(const S_side *a, const S_side *b)
{
	if (!a->n || !b->n)
		return 1;
	for (int i = 0; i < a->n; i++)
		for (int j = 0; j < b->n; j++)
			if (S_ent_agree(&a->v[i], &b->v[j]))
				return 1;
	return 0;
}

/* Some pair names the same country. */
static int S_side_country(const S_side *a, const S_side *b)
{
	for (int i = 0; i < a->n; i++)
		for (int j = 0; j < b->n; j++)
			if (S_streq(a->v[i].country, b->v[j].country))
				return 1;
	return 0;
}

/* Both name the same (country, sector) parties, at least two each. */
static int S_side_same(const S_side *a, const S_side *b)
{
	if (a->n < 2 || b->n < 2)
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		const S_side *p = pass ? b : a, *q = pass ? a : b;
		for (int i = 0; i < p->n; i++) {
			int found = 0;
			for (int j = 0; j < q->n && !found; j++)
				found = S_streq(p->v[i].country,
						q->v[j].country) &&
					(p->v[i].sector == q->v[j].sector ||
					 S_streq(p->v[i].sector,
						 q->v[j].sector));
			if (!found || !p->v[i].country)
				return 0;
		}
	}
	return 1;
}

/* Every entity of a and b in one list (for reciprocal comparisons). */
static S_side S_parties(const S_side *a, const S_side *b, S_ent *buf,
			int cap)
{
	int n = 0;
	for (int i = 0; i < a->n && n < cap; i++)
		buf[n++] = a->v[i];
	for (int i = 0; i < b->n && n < cap; i++)
		buf[n++] = b->v[i];
	return (S_side){buf, n};
}

static void S_cmp_actors(const S_attr *x, const S_attr *y, S_cmp *c,
			 dn_buf *why)
{
	int agree, dyad = 0;
	if (x->rec.n && y->rec.n) {
		agree = S_side_agree(&x->act, &y->act) &&
			S_side_agree(&x->rec, &y->rec);
		dyad = S_side_country(&x->act, &y->act) &&
		       S_side_country(&x->rec, &y->rec);
	} else {
		S_ent bx[32], by[32];
		S_side px = S_parties(&x->act, &x->rec, bx, 32);
		S_side py = S_parties(&y->act, &y->rec, by, 32);
		agree = S_side_agree(&px, &py);
		dyad = !x->rec.n && !y->rec.n && S_side_same(&x->act, &y->act);
	}
	c->conflict |= !agree;
	if (dyad)
		c->anchors |= S_A_DYAD;
	if (why && (x->act.n || x->rec.n) && (y->act.n || y->rec.n))
		dn_buf_adds(why, !agree ? "; actors differ"
				 : dyad ? "; same actors and recipients"
					: "; actors compatible");
}

/* Compares two accounts; with why set, explains the comparison. */
static void S_compare(const S_attr *x, const S_attr *y, int same_doc,
		      S_cmp *c, dn_buf *why)
{
	memset(c, 0, sizeof(*c));
	c->conflict = x->cat != y->cat;
	S_cmp_date(x, y, same_doc, c, why);
	S_cmp_place(x, y, c, why);
	S_cmp_toll(x, y, c, why);
	S_cmp_actors(x, y, c, why);
	if (why) {
		static const char *const names[] = {"place", "dead", "dyad"};
		dn_buf_adds(why, "; anchors ");
		int first = 1;
		for (int i = 0; i < 3; i++)
			if (c->anchors & (1 << i)) {
				dn_buf_printf(why, "%s%s", first ? "" : "+",
					      names[i]);
				first = 0;
			}
		dn_buf_printf(why, "%s (needed %d)", first ? "none" : "",
			      c->need);
	}
}

static int S_linked(const S_cmp *c)
{
	return !c->conflict && S_popcount(c->anchors) >= c->need;
}

/* MARK: - Loading documents */

static uint64_t S_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static S_doc **S_map_slot(S_ctx *x, int64_t id)
{
	size_t mask = x->capmap - 1;
	for (size_t i = S_mix((uint64_t)id) & mask;; i = (i + 1) & mask)
		if (!x->map[i] || x->map[i]->id == id)
			return &x->map[i];
}

static int S_map_grow(S_ctx *x)
{
	if (x->capmap && (x->nmap + 1) * 2 <= x->capmap)
		return 0;
	size_t cap = x->capmap ? x->capmap * 2 : 256;
	S_doc **old = x->map;
	size_t oldcap = x->capmap;
	x->map = calloc(cap, sizeof(*x->map));
	if (!x->map) {
		x->map = old;
		return -1;
	}
	x->capmap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			*S_map_slot(x, old[i]->id) = old[i];
	free(old);
	return 0;
}

typedef struct S_entrow {
	int64_t event;
	int role; /* 0 actor, 1 recipient */
	const char *country, *sector;
} S_entrow;

static int S_rep_by_id(const void *k, const void *e)
{
	int64_t a = *(const int64_t *)k, b = (*(S_rep *const *)e)->id;
	return a < b ? -1 : a > b;
}

static int S_rep_id_cmp(const void *p, const void *q)
{
	int64_t a = (*(S_rep *const *)p)->id, b = (*(S_rep *const *)q)->id;
	return a < b ? -1 : a > b;
}

/* Attaches the document's actors and recipients to its records. */
static dn_code S_load_entities(S_ctx *x, S_doc *d)
{
	sqlite3_stmt *st = dn_store_stmt(x->s, DN_ST_INC_ENTITIES, x->err);
	if (!st)
		return DN_EIO;
	sqlite3_bind_int64(st, 1, d->id);
	S_entrow *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *c = sqlite3_column_text(st, 2);
		const unsigned char *s = sqlite3_column_text(st, 3);
		if (!c && !s)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			S_entrow *v = realloc(rows, cap * sizeof(*v));
			if (!v) {
				free(rows);
				return dn_store_err(x->err, DN_ENOMEM,
						    "out of memory");
			}
			rows = v;
		}
		rows[n].event = sqlite3_column_int64(st, 0);
		rows[n].role = strcmp((const char *)sqlite3_column_text(st, 1),
				      "actor") != 0;
		rows[n].country = S_dup(x, c);
		rows[n].sector = S_dup(x, s);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rows);
		return dn_store_fail(x->s, x->err, DN_EIO, "loading entities");
	}
	S_rep **byid = malloc(((size_t)d->nreps + 1) * sizeof(*byid));
	if (!byid) {
		free(rows);
		return dn_store_err(x->err, DN_ENOMEM, "out of memory");
	}
	for (int i = 0; i < d->nreps; i++)
		byid[i] = &d->reps[i];
	qsort(byid, (size_t)d->nreps, sizeof(*byid), S_rep_id_cmp);
	/* Rows come grouped by event and role: each group is one side. */
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && rows[j].event == rows[i].event &&
		       rows[j].role == rows[i].role)
			j++;
		S_rep **r = bsearch(&rows[i].event, byid, (size_t)d->nreps,
				    sizeof(*byid), S_rep_by_id);
		if (r) {
			S_ent *v = dn_arena_alloc(x->a, (j - i) * sizeof(*v));
			if (!v)
				break;
			for (size_t k = i; k < j; k++)
				v[k - i] = (S_ent){rows[k].country,
						   rows[k].sector};
			S_side *side = rows[i].role ? &(*r)->a.rec
						    : &(*r)->a.act;
			*side = (S_side){v, (int)(j - i)};
		}
		i = j;
	}
	free(byid);
	free(rows);
	return DN_OK;
}

static void S_row_to_rep(S_ctx *x, sqlite3_stmt *st, S_rep *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->rid = S_dup(x, sqlite3_column_text(st, 1));
	r->sentence = sqlite3_column_int(st, 2);
	r->a.cat = dn_store_cat((const char *)sqlite3_column_text(st, 3));
	r->a.prec = DN_PREC_UNKNOWN;
	if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
		const char *p = (const char *)sqlite3_column_text(st, 5);
		for (int i = 0; i < 3; i++)
			if (p && strcmp(p, dn_store_precs[i]) == 0)
				r->a.prec = (dn_prec)i;
		r->a.lo = sqlite3_column_int(st, 6);
		r->a.hi = sqlite3_column_int(st, 7);
	}
	r->a.dead_lo = S_col_long(st, 8);
	r->a.dead_hi = S_col_long(st, 9);
	if (r->a.dead_lo < 0)
		r->a.dead_hi = -1;
	r->inj_lo = S_col_long(st, 10);
	r->inj_hi = S_col_long(st, 11);
	if (sqlite3_column_type(st, 13) != SQLITE_NULL) {
		S_place *p = &r->place;
		p->id = sqlite3_column_int64(st, 13);
		p->name = S_dup(x, sqlite3_column_text(st, 14));
		p->province = S_dup(x, sqlite3_column_text(st, 15));
		p->country = S_dup(x, sqlite3_column_text(st, 16));
		p->has_ll = sqlite3_column_type(st, 17) != SQLITE_NULL &&
			    sqlite3_column_type(st, 18) != SQLITE_NULL;
		p->lat = sqlite3_column_double(st, 17);
		p->lon = sqlite3_column_double(st, 18);
		p->res = sqlite3_column_int(st, 19);
		if (p->res < 1 || p->res > 5) /* unstated: guess from fields */
			p->res = p->name ? 4 : p->province ? 2 : 1;
		r->a.place = p;
	}
}

static void S_build_nodes(S_ctx *x, S_doc *d);

/* Loads document rowid id (its eligible records and its nodes) into the
 * context, once. *out is NULL on error; a vanished document has no name
 * and no records. */
static dn_code S_load(S_ctx *x, int64_t id, S_doc **out)
{
	*out = NULL;
	if (S_map_grow(x) < 0)
		return dn_store_err(x->err, DN_ENOMEM, "out of memory");
	S_doc **slot = S_map_slot(x, id);
	if (*slot) {
		*out = *slot;
		return DN_OK;
	}
	S_doc *d = dn_arena_alloc(x->a, sizeof(*d));
	if (!d)
		return dn_store_err(x->err, DN_ENOMEM, "out of memory");
	d->id = id;
	sqlite3_stmt *st = dn_store_stmt(x->s, DN_ST_INC_DOC, x->err);
	if (!st)
		return DN_EIO;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		d->name = S_dup(x, sqlite3_column_text(st, 0));
		d->source = S_dup(x, sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (d->name) {
		if (!(st = dn_store_stmt(x->s, DN_ST_INC_EVENTS, x->err)))
			return DN_EIO;
		sqlite3_bind_int64(st, 1, id);
		S_rep *v = NULL;
		size_t n = 0, cap = 0;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *mod =
				(const char *)sqlite3_column_text(st, 12);
			const char *cat =
				(const char *)sqlite3_column_text(st, 3);
			if (!dn_store_happened(mod) || dn_store_cat(cat) < 0)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				S_rep *w = realloc(v, cap * sizeof(*w));
				if (!w) {
					free(v);
					return dn_store_err(x->err, DN_ENOMEM,
							    "out of memory");
				}
				v = w;
			}
			S_row_to_rep(x, st, &v[n++]);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			free(v);
			return dn_store_fail(x->s, x->err, DN_EIO,
					     "loading events");
		}
		d->reps = dn_arena_alloc(x->a, (n ? n : 1) * sizeof(*d->reps));
		if (!d->reps) {
			free(v);
			return dn_store_err(x->err, DN_ENOMEM, "out of memory");
		}
		if (n)
			memcpy(d->reps, v, n * sizeof(*v));
		free(v);
		d->nreps = (int)n;
		for (int i = 0; i < d->nreps; i++)
			d->reps[i].a.place =
				d->reps[i].place.id ? &d->reps[i].place : NULL;
		dn_code rc2 = S_load_entities(x, d);
		if (rc2)
			return rc2;
		S_build_nodes(x, d);
		if (!d->nodes && d->nreps)
			return dn_store_err(x->err, DN_ENOMEM, "out of memory");
	}
	*slot = d;
	x->nmap++;
	*out = d;
	return DN_OK;
}

/* MARK: - Within a document */

static int S_rep_order(const void *p, const void *q)
{
	const S_rep *a = *(S_rep *const *)p, *b = *(S_rep *const *)q;
	if (a->a.cat != b->a.cat)
		return a->a.cat - b->a.cat;
	if (a->a.prec != b->a.prec)
		return (int)a->a.prec - (int)b->a.prec;
	if (a->sentence != b->sentence)
		return a->sentence - b->sentence;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Adds the entities of s to u unless already there. */
static void S_side_union(S_ent *buf, int *n, const S_side *s)
{
	for (int i = 0; i < s->n; i++) {
		int found = 0;
		for (int j = 0; j < *n && !found; j++)
			found = (buf[j].country == s->v[i].country ||
				 S_streq(buf[j].country, s->v[i].country)) &&
				(buf[j].sector == s->v[i].sector ||
				 S_streq(buf[j].sector, s->v[i].sector));
		if (!found)
			buf[(*n)++] = s->v[i];
	}
}

static uint64_t S_attr_sig(const S_attr *a)
{
	dn_buf b;
	dn_buf_init(&b);
	dn_buf_printf(&b, "%d|%d|%d|%d|%lld|%ld|%ld|", a->cat, (int)a->prec,
		      (int)a->lo, (int)a->hi,
		      (long long)(a->place ? a->place->id : 0), a->dead_lo,
		      a->dead_hi);
	for (int side = 0; side < 2; side++) {
		const S_side *s = side ? &a->rec : &a->act;
		for (int i = 0; i < s->n; i++)
			dn_buf_printf(&b, "%s:%s,",
				      s->v[i].country ? s->v[i].country : "",
				      s->v[i].sector ? s->v[i].sector : "");
		dn_buf_addc(&b, '|');
	}
	uint64_t h = b.p ? dn_hash(b.p, b.len) : 0;
	dn_buf_clear(&b);
	return h;
}

/* The node's summary: the most precise date (its first record's), the
 * most precise place, the highest stated toll, the union of parties. */
static void S_summarise(S_ctx *x, S_node *n)
{
	n->a = n->reps[0]->a;
	int nact = 0, nrec = 0;
	for (int i = 0; i < n->nreps; i++) {
		nact += n->reps[i]->a.act.n;
		nrec += n->reps[i]->a.rec.n;
	}
	S_ent *act = dn_arena_alloc(x->a, (size_t)(nact + 1) * sizeof(*act));
	S_ent *rec = dn_arena_alloc(x->a, (size_t)(nrec + 1) * sizeof(*rec));
	nact = nrec = 0;
	for (int i = 0; i < n->nreps; i++) {
		const S_attr *r = &n->reps[i]->a;
		if (r->place && (!n->a.place || r->place->res > n->a.place->res))
			n->a.place = r->place;
		if (r->dead_lo > n->a.dead_lo) {
			n->a.dead_lo = r->dead_lo;
			n->a.dead_hi = r->dead_hi;
		}
		if (act && rec) {
			S_side_union(act, &nact, &r->act);
			S_side_union(rec, &nrec, &r->rec);
		}
	}
	n->a.act = (S_side){act, act ? nact : 0};
	n->a.rec = (S_side){rec, rec ? nrec : 0};
	n->sig = S_attr_sig(&n->a);
}

/* Groups the document's records into nodes (rule 1). */
static void S_build_nodes(S_ctx *x, S_doc *d)
{
	int n = d->nreps;
	if (!n)
		return;
	S_rep **ord = malloc((size_t)n * sizeof(*ord));
	int *nodeof = malloc((size_t)n * sizeof(*nodeof));
	int *size = calloc((size_t)n, sizeof(*size));
	const char **why = calloc((size_t)n, sizeof(*why));
	S_node *nodes = dn_arena_alloc(x->a, (size_t)n * sizeof(*nodes));
	if (!ord || !nodeof || !size || !why || !nodes)
		goto done;
	for (int i = 0; i < n; i++)
		ord[i] = &d->reps[i];
	qsort(ord, (size_t)n, sizeof(*ord), S_rep_order);
	int nn = 0;
	for (int i = 0; i < n; i++) {
		int best = -1, best_score = INT_MIN, best_m = -1;
		for (int k = 0; k < nn; k++) {
			int ok = 1, score = INT_MIN, mate = -1;
			for (int j = 0; j < i && ok; j++) {
				if (nodeof[j] != k)
					continue;
				S_cmp c;
				S_compare(&ord[i]->a, &ord[j]->a, 1, &c, NULL);
				ok = !c.conflict;
				int s = S_popcount(c.anchors) * 1000 - c.dist;
				if (ok && S_linked(&c) && s > score) {
					score = s;
					mate = j;
				}
			}
			if (ok && mate >= 0 && score > best_score) {
				best = k;
				best_score = score;
				best_m = mate;
			}
		}
		if (best < 0) {
			nodeof[i] = nn++;
			continue;
		}
		nodeof[i] = best;
		S_cmp c;
		dn_buf_reset(&x->why);
		dn_buf_printf(&x->why, "same article as %s: ", ord[best_m]->rid);
		S_compare(&ord[i]->a, &ord[best_m]->a, 1, &c, &x->why);
		why[i] = x->why.p ? dn_arena_strndup(x->a, x->why.p, x->why.len)
				  : NULL;
	}
	for (int i = 0; i < n; i++)
		size[nodeof[i]]++;
	for (int k = 0; k < nn; k++) {
		nodes[k].doc = d;
		nodes[k].comp = nodes[k].cluster = -1;
		nodes[k].reps = dn_arena_alloc(x->a, (size_t)size[k] *
							     sizeof(S_rep *));
		if (!nodes[k].reps)
			goto done;
	}
	for (int i = 0; i < n; i++) {
		S_node *nd = &nodes[nodeof[i]];
		nd->reps[nd->nreps++] = ord[i];
		ord[i]->node = nd;
		ord[i]->why = why[i];
	}
	for (int k = 0; k < nn; k++)
		S_summarise(x, &nodes[k]);
	d->nodes = nodes;
	d->nnodes = nn;
done:
	free(ord);
	free(nodeof);
	free(size);
	free(why);
}

/* MARK: - Components */

static size_t S_near_slot(const S_ctx *x, int cat, int32_t lo, int32_t hi)
{
	size_t mask = x->capnear - 1;
	uint64_t key = ((uint64_t)(uint32_t)lo << 32 | (uint32_t)hi) ^
		       (uint64_t)cat << 58;
	for (size_t i = S_mix(key) & mask;; i = (i + 1) & mask) {
		const S_near *e = &x->near[i];
		if (!e->docs || (e->cat == cat && e->lo == lo && e->hi == hi))
			return i;
	}
}

/* Documents with records of category cat whose dates could meet
 * [lo, hi] (memoised per window). */
static dn_code S_window(S_ctx *x, int cat, int32_t lo, int32_t hi,
			const S_near **out)
{
	if ((x->nnear + 1) * 2 > x->capnear) {
		size_t cap = x->capnear ? x->capnear * 2 : 256;
		S_near *old = x->near;
		size_t oldcap = x->capnear;
		if (!(x->near = calloc(cap, sizeof(*x->near)))) {
			x->near = old;
			return dn_store_err(x->err, DN_ENOMEM, "out of memory");
		}
		x->capnear = cap;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].docs)
				x->near[S_near_slot(x, old[i].cat, old[i].lo,
						    old[i].hi)] = old[i];
		free(old);
	}
	S_near *e = &x->near[S_near_slot(x, cat, lo, hi)];
	*out = e;
	if (e->docs)
		return DN_OK;
	sqlite3_stmt *st = dn_store_stmt(x->s, DN_ST_INC_NEAR, x->err);
	if (!st)
		return DN_EIO;
	int32_t from = lo - DN_INC_DAY_SLACK, y, m, d;
	dn_store_civil(from, &y, &m, &d);
	sqlite3_bind_text(st, 1, dn_store_cats[cat], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, from);
	sqlite3_bind_int(st, 3, hi + DN_INC_DAY_SLACK);
	sqlite3_bind_int(st, 4, dn_store_days(y, m, 1));
	sqlite3_bind_int(st, 5, dn_store_days(y, 1, 1));
	size_t n = 0, cap = 16;
	int64_t *v = malloc(cap * sizeof(*v));
	int rc = SQLITE_DONE;
	while (v && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			int64_t *w = realloc(v, (cap *= 2) * sizeof(*v));
			if (!w) {
				free(v);
				v = NULL;
				break;
			}
			v = w;
		}
		v[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (!v)
		return dn_store_err(x->err, DN_ENOMEM, "out of memory");
	if (rc != SQLITE_DONE) {
		free(v);
		return dn_store_fail(x->s, x->err, DN_EIO, "finding neighbours");
	}
	*e = (S_near){cat, lo, hi, v, n};
	x->nnear++;
	return DN_OK;
}

static int S_comp_push(S_ctx *x, S_node *n)
{
	if (x->ncomp >= DN_INC_MAX_COMPONENT)
		return 0;
	if (x->ncomp == x->capcomp) {
		size_t cap = x->capcomp ? x->capcomp * 2 : 64;
		S_node **v = realloc(x->comp, cap * sizeof(*v));
		if (!v)
			return -1;
		x->comp = v;
		x->capcomp = cap;
	}
	n->comp = x->ncomps;
	x->comp[x->ncomp++] = n;
	return 0;
}

/* Pushes onto the component every node not reached yet, of another
 * document, that is linked to `from` (rule 2). Beyond
 * DN_INC_MAX_COMPONENT nodes nothing more is pushed: the rest form
 * components of their own. */
static dn_code S_expand(S_ctx *x, const S_node *from)
{
	if (from->a.prec == DN_PREC_UNKNOWN)
		return DN_OK;
	const S_near *w = NULL;
	dn_code rc = S_window(x, from->a.cat, from->a.lo, from->a.hi, &w);
	if (rc)
		return rc;
	int64_t *docs = w->docs; /* the memo may move while loading */
	size_t ndocs = w->n;
	for (size_t i = 0; i < ndocs; i++) {
		S_doc *d;
		if ((rc = S_load(x, docs[i], &d)))
			return rc;
		if (d->id == from->doc->id && from->doc->name)
			continue;
		for (int k = 0; k < d->nnodes; k++) {
			S_node *m = &d->nodes[k];
			if (m->comp >= 0 || m->a.cat != from->a.cat)
				continue;
			S_cmp c;
			S_compare(&from->a, &m->a, 0, &c, NULL);
			if (S_linked(&c) && S_comp_push(x, m) < 0)
				return dn_store_err(x->err, DN_ENOMEM,
						    "out of memory");
		}
	}
	return DN_OK;
}

/* MARK: - Clustering a component (rule 3) */

typedef struct S_cluster {
	S_node **m;        /* members in joining order; m[0] the seed */
	int n, cap;
	S_node **sig;      /* one member per distinct summary */
	int nsig, capsig;
} S_cluster;

static int S_node_order(const void *p, const void *q)
{
	const S_node *a = *(S_node *const *)p, *b = *(S_node *const *)q;
	if (a->a.prec != b->a.prec)
		return (int)a->a.prec - (int)b->a.prec;
	if (a->a.lo != b->a.lo)
		return a->a.lo < b->a.lo ? -1 : 1;
	int c = strcmp(a->doc->name, b->doc->name);
	if (c)
		return c;
	if (a->reps[0]->sentence != b->reps[0]->sentence)
		return a->reps[0]->sentence - b->reps[0]->sentence;
	return a->reps[0]->id < b->reps[0]->id ? -1 : 1;
}

static int S_grow(void **v, int *cap, int n, size_t size)
{
	if (n < *cap)
		return 0;
	int c = *cap ? *cap * 2 : 8;
	void *w = realloc(*v, (size_t)c * size);
	if (!w)
		return -1;
	*v = w;
	*cap = c;
	return 0;
}

static int S_cluster_add(S_cluster *c, S_node *n, int idx)
{
	if (S_grow((void **)&c->m, &c->cap, c->n, sizeof(*c->m)) < 0)
		return -1;
	c->m[c->n++] = n;
	n->cluster = idx;
	for (int i = 0; i < c->nsig; i++)
		if (c->sig[i]->sig == n->sig)
			return 0;
	if (S_grow((void **)&c->sig, &c->capsig, c->nsig, sizeof(*c->sig)) < 0)
		return -1;
	c->sig[c->nsig++] = n;
	return 0;
}

/* How well node n fits cluster c: -1 not at all, else anchors * 1000 -
 * days apart; *mate is the member that fits best. */
static int S_fit(const S_cluster *c, int idx, const S_node *n,
		 const S_node **mate)
{
	for (int k = 0; k < n->doc->nnodes; k++)
		if (n->doc->nodes[k].comp == n->comp &&
		    n->doc->nodes[k].cluster == idx)
			return -1; /* one account per document */
	int best = -1;
	for (int i = 0; i < c->nsig; i++) {
		S_cmp cmp;
		S_compare(&n->a, &c->sig[i]->a, 0, &cmp, NULL);
		if (cmp.conflict)
			return -1;
		int s = S_popcount(cmp.anchors) * 1000 - cmp.dist;
		if (S_linked(&cmp) && s > best) {
			best = s;
			*mate = c->sig[i];
		}
	}
	return best;
}

static const char *S_first_why(S_ctx *x, const S_node *n,
			       const S_node *mate)
{
	S_cmp c;
	dn_buf_reset(&x->why);
	dn_buf_printf(&x->why, "matches %s in %s: %s; ", mate->reps[0]->rid,
		      mate->doc->name, dn_store_cats[n->a.cat]);
	S_compare(&n->a, &mate->a, 0, &c, &x->why);
	return x->why.p ? dn_arena_strndup(x->a, x->why.p, x->why.len) : "";
}

/* Assigns every node of the component to a cluster. */
static dn_code S_cluster_comp(S_ctx *x, S_cluster **out, int *nout)
{
	qsort(x->comp, x->ncomp, sizeof(*x->comp), S_node_order);
	S_cluster *cl = NULL;
	int ncl = 0, capcl = 0;
	for (size_t i = 0; i < x->ncomp; i++) {
		S_node *n = x->comp[i];
		int best = -1, best_score = -1, tie = -1;
		const S_node *best_mate = NULL;
		for (int k = 0; k < ncl; k++) {
			const S_node *mate = NULL;
			int s = S_fit(&cl[k], k, n, &mate);
			if (s < 0)
				continue;
			if (s > best_score) {
				best = k;
				best_score = s;
				best_mate = mate;
				tie = -1;
			} else if (s == best_score && tie < 0) {
				tie = k;
			}
		}
		if (best >= 0 && tie >= 0 && n->a.prec != DN_PREC_DAY) {
			dn_buf_reset(&x->why);
			dn_buf_printf(&x->why,
				      "kept apart: fits the incidents of %s "
				      "and %s equally",
				      cl[best].m[0]->reps[0]->rid,
				      cl[tie].m[0]->reps[0]->rid);
			n->why = dn_arena_strndup(x->a, x->why.p, x->why.len);
			best = -1;
		}
		if (best < 0) {
			if (S_grow((void **)&cl, &capcl, ncl, sizeof(*cl)) < 0)
				goto oom;
			memset(&cl[ncl], 0, sizeof(*cl));
			best = ncl++;
		} else {
			n->why = S_first_why(x, n, best_mate);
		}
		if (S_cluster_add(&cl[best], n, best) < 0)
			goto oom;
	}
	*out = cl;
	*nout = ncl;
	return DN_OK;
oom:
	for (int k = 0; k < ncl; k++) {
		free(cl[k].m);
		free(cl[k].sig);
	}
	free(cl);
	return dn_store_err(x->err, DN_ENOMEM, "out of memory");
}

/* MARK: - Incident attributes (rule 4) */

/* A value and the documents that give it, for choices and disagreements. */
typedef struct S_vote {
	long num;           /* numeric value (toll, day), or place index */
	const char *text;   /* its text */
	const char **docs;  /* documents giving it */
	int ndocs;
} S_vote;

typedef struct S_votes {
	S_vote *v;
	int n, cap;
} S_votes;

static void S_votes_clear(S_votes *vs)
{
	for (int i = 0; i < vs->n; i++)
		free(vs->v[i].docs);
	free(vs->v);
	memset(vs, 0, sizeof(*vs));
}

/* Records that doc gives the value (num, text); a document counts once. */
static int S_vote_add(S_votes *vs, long num, const char *text,
		      const char *doc)
{
	S_vote *v = NULL;
	for (int i = 0; i < vs->n && !v; i++)
		if (vs->v[i].num == num &&
		    (vs->v[i].text == text || S_streq(vs->v[i].text, text)))
			v = &vs->v[i];
	if (!v) {
		if (S_grow((void **)&vs->v, &vs->cap, vs->n, sizeof(*vs->v)))
			return -1;
		v = &vs->v[vs->n++];
		*v = (S_vote){num, text, NULL, 0};
	}
	for (int i = 0; i < v->ndocs; i++)
		if (strcmp(v->docs[i], doc) == 0)
			return 0;
	const char **d = realloc(v->docs, (size_t)(v->ndocs + 1) * sizeof(*d));
	if (!d)
		return -1;
	d[v->ndocs++] = doc;
	v->docs = d;
	return 0;
}

static int S_str_cmp(const void *p, const void *q)
{
	return strcmp(*(const char *const *)p, *(const char *const *)q);
}

static int S_vote_cmp(const void *p, const void *q)
{
	const S_vote *a = p, *b = q;
	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	return strcmp(a->text ? a->text : "", b->text ? b->text : "");
}


enum { S_V_TEXT, S_V_NUM, S_V_DATE };

/* Appends {"field":..., "values":[{"value":..., "docs":[...]}]} when the
 * documents give more than one value (kind S_V_*; dates at prec). */
static void S_disagree(json_t *arr, const char *field, S_votes *vs,
		       int kind, dn_prec prec)
{
	if (vs->n < 2)
		return;
	qsort(vs->v, (size_t)vs->n, sizeof(*vs->v), S_vote_cmp);
	json_t *vals = json_array();
	for (int i = 0; i < vs->n; i++) {
		S_vote *v = &vs->v[i];
		qsort(v->docs, (size_t)v->ndocs, sizeof(*v->docs), S_str_cmp);
		json_t *docs = json_array();
		for (int k = 0; k < v->ndocs; k++)
			json_array_append_new(docs, json_string(v->docs[k]));
		json_t *val;
		if (kind == S_V_NUM) {
			val = json_integer(v->num);
		} else if (kind == S_V_DATE) {
			S_attr a = {.prec = prec, .lo = (int32_t)v->num};
			char t[11];
			S_date_text(&a, t);
			val = json_string(t);
		} else {
			val = json_string(v->text ? v->text : "");
		}
		json_array_append_new(vals, json_pack("{s:o,s:o}", "value", val,
						      "docs", docs));
	}
	json_array_append_new(arr, json_pack("{s:s,s:o}", "field", field,
					     "values", vals));
}

typedef struct S_inc {
	char key[24];            /* "inc-" and 16 hex digits */
	int cat;
	dn_prec prec;            /* best date precision */
	int32_t day;             /* best date (start of its interval) */
	int32_t dmin, dmax;      /* range of dates seen at that precision */
	const S_place *place;    /* most precise place, or NULL */
	long dead, dead_min, dead_max;  /* best, lowest, highest; -1 none */
	long inj, inj_min, inj_max;
	dn_buf actor, recipient; /* "RUS:MIL;SYR" */
	int reports, docs;       /* records and documents */
	char *disagreements;     /* JSON array, malloc'd */
} S_inc;

/* The highest count that two documents support as a lower bound; with
 * one document, its count (rule 4). */
static long S_best_toll(const S_votes *vs)
{
	long first = -1, second = -1;
	for (int i = 0; i < vs->n; i++)
		for (int k = 0; k < vs->v[i].ndocs; k++) {
			long v = vs->v[i].num;
			if (v > first) {
				second = first;
				first = v;
			} else if (v > second) {
				second = v;
			}
		}
	return second >= 0 ? second : first;
}

static int S_labels(dn_buf *out, const S_cluster *c, int recipient)
{
	const char **lab = NULL;
	int nl = 0, cap = 0;
	dn_buf pool;
	dn_buf_init(&pool);
	dn_buf_reset(out);
	dn_buf_adds(out, "");
	/* two passes: collect "CTY:SEC" strings, then sort and join */
	for (int pass = 0; pass < 2; pass++) {
		size_t off = 0;
		for (int k = 0; k < c->n; k++)
			for (int i = 0; i < c->m[k]->nreps; i++) {
				const S_attr *a = &c->m[k]->reps[i]->a;
				const S_side *s = recipient ? &a->rec : &a->act;
				for (int j = 0; j < s->n; j++) {
					const S_ent *e = &s->v[j];
					if (pass == 0) {
						dn_buf_printf(&pool, "%s%s%s",
							      e->country ? e->country : "?",
							      e->sector ? ":" : "",
							      e->sector ? e->sector : "");
						dn_buf_addc(&pool, 0);
						continue;
					}
					const char *t = pool.p + off;
					off += strlen(t) + 1;
					int dup = 0;
					for (int q = 0; q < nl && !dup; q++)
						dup = strcmp(lab[q], t) == 0;
					if (dup)
						continue;
					if (S_grow((void **)&lab, &cap, nl,
						   sizeof(*lab)) < 0) {
						out->oom = 1;
						continue;
					}
					lab[nl++] = t;
				}
			}
		if (pool.oom)
			out->oom = 1;
	}
	if (nl)
		qsort(lab, (size_t)nl, sizeof(*lab), S_str_cmp);
	int first = 1;
	for (int i = 0; i < nl; i++) {
		/* "RUS" says less than "RUS:MIL" (sorted right after it), and
		 * "?:GOV" less than "RUS:GOV" */
		size_t n = strlen(lab[i]);
		if (i + 1 < nl && strncmp(lab[i], lab[i + 1], n) == 0 &&
		    lab[i + 1][n] == ':')
			continue;
		int known = 0;
		for (int k = 0; lab[i][0] == '?' && lab[i][1] && k < nl && !known;
		     k++) {
			const char *sec = strchr(lab[k], ':');
			known = k != i && sec && strcmp(sec, lab[i] + 1) == 0;
		}
		if (known)
			continue;
		if (!first)
			dn_buf_addc(out, ';');
		dn_buf_adds(out, lab[i]);
		first = 0;
	}
	free(lab);
	dn_buf_clear(&pool);
	return out->oom ? -1 : 0;
}

/* Prefers the more precise place, then the one more documents give, then
 * the first by name (so that the choice never depends on row ids). */
static int S_place_better(const S_place *p, int pdocs, const S_place *q,
			  int qdocs)
{
	if (p->res != q->res)
		return p->res > q->res;
	if (pdocs != qdocs)
		return pdocs > qdocs;
	int c = strcmp(S_place_label(p), S_place_label(q));
	if (c)
		return c < 0;
	return strcmp(p->country ? p->country : "",
		      q->country ? q->country : "") < 0;
}

static int S_place_docs(const S_votes *places, const S_place *p)
{
	for (int j = 0; j < places->n; j++)
		if (places->v[j].num == p->res &&
		    S_streq(places->v[j].text, S_place_label(p)))
			return places->v[j].ndocs;
	return 0;
}

/* Collects what each document says: dates at the best precision, places,
 * and per document the highest death and injury counts. */
static int S_collect(const S_cluster *c, S_inc *inc, S_votes *dates,
		     S_votes *places, S_votes *dead, S_votes *inj)
{
	int ok = 1;
	inc->dead_min = inc->dead_max = inc->inj_min = inc->inj_max = -1;
	for (int k = 0; ok && k < c->n; k++) {
		const S_node *nd = c->m[k];
		const char *doc = nd->doc->name;
		long dv = -1, iv = -1;
		for (int i = 0; ok && i < nd->nreps; i++) {
			const S_rep *r = nd->reps[i];
			if (r->a.prec == inc->prec && inc->prec != DN_PREC_UNKNOWN)
				ok &= S_vote_add(dates, r->a.lo, NULL, doc) == 0;
			if (r->a.place)
				ok &= S_vote_add(places, r->a.place->res,
						 S_place_label(r->a.place),
						 doc) == 0;
			if (r->a.dead_lo >= 0) {
				dv = DN_MAX(dv, r->a.dead_lo);
				inc->dead_min = inc->dead_min < 0
							? r->a.dead_lo
							: DN_MIN(inc->dead_min, r->a.dead_lo);
				inc->dead_max = DN_MAX(inc->dead_max,
						       DN_MAX(r->a.dead_lo, r->a.dead_hi));
			}
			if (r->inj_lo >= 0) {
				iv = DN_MAX(iv, r->inj_lo);
				inc->inj_min = inc->inj_min < 0
						       ? r->inj_lo
						       : DN_MIN(inc->inj_min, r->inj_lo);
				inc->inj_max = DN_MAX(inc->inj_max,
						      DN_MAX(r->inj_lo, r->inj_hi));
			}
		}
		if (ok && dv >= 0)
			ok &= S_vote_add(dead, dv, NULL, doc) == 0;
		if (ok && iv >= 0)
			ok &= S_vote_add(inj, iv, NULL, doc) == 0;
	}
	return ok ? 0 : -1;
}

/* Computes the incident's attributes from all its records (rule 4). */
static int S_attributes(const S_cluster *c, S_inc *inc)
{
	const S_node *seed = c->m[0];
	char keysrc[1200];
	snprintf(keysrc, sizeof keysrc, "%s\n%s", seed->doc->name,
		 seed->reps[0]->rid);
	snprintf(inc->key, sizeof inc->key, "inc-%016llx",
		 (unsigned long long)dn_hash(keysrc, strlen(keysrc)));
	inc->cat = seed->a.cat;
	inc->docs = c->n;
	inc->reports = 0;
	inc->prec = DN_PREC_UNKNOWN;
	for (int k = 0; k < c->n; k++) {
		inc->reports += c->m[k]->nreps;
		if (c->m[k]->a.prec < inc->prec)
			inc->prec = c->m[k]->a.prec;
	}
	S_votes dates = {0}, places = {0}, dead = {0}, inj = {0};
	int ok = S_collect(c, inc, &dates, &places, &dead, &inj) == 0;
	/* the date most documents give, the earliest on a tie */
	int bestn = 0;
	inc->day = inc->dmin = inc->dmax = 0;
	for (int i = 0; i < dates.n; i++) {
		const S_vote *v = &dates.v[i];
		if (v->ndocs > bestn || (v->ndocs == bestn && v->num < inc->day)) {
			bestn = v->ndocs;
			inc->day = (int32_t)v->num;
		}
		if (i == 0 || v->num < inc->dmin)
			inc->dmin = (int32_t)v->num;
		if (i == 0 || v->num > inc->dmax)
			inc->dmax = (int32_t)v->num;
	}
	inc->place = NULL;
	int pdocs = 0;
	for (int k = 0; k < c->n; k++)
		for (int i = 0; i < c->m[k]->nreps; i++) {
			const S_place *p = c->m[k]->reps[i]->a.place;
			int nd = p ? S_place_docs(&places, p) : 0;
			if (p && (!inc->place ||
				  S_place_better(p, nd, inc->place, pdocs))) {
				inc->place = p;
				pdocs = nd;
			}
		}
	inc->dead = S_best_toll(&dead);
	inc->inj = S_best_toll(&inj);
	ok &= S_labels(&inc->actor, c, 0) == 0;
	ok &= S_labels(&inc->recipient, c, 1) == 0;
	/* disagreements: dates and places at the chosen precision, tolls */
	S_votes same = {0};
	for (int i = 0; ok && inc->place && i < places.n; i++)
		for (int k = 0; ok && places.v[i].num == inc->place->res &&
				k < places.v[i].ndocs; k++)
			ok &= S_vote_add(&same, 0, places.v[i].text,
					 places.v[i].docs[k]) == 0;
	json_t *dis = json_array();
	if (ok && dis) {
		S_disagree(dis, "date", &dates, S_V_DATE, inc->prec);
		S_disagree(dis, "place", &same, S_V_TEXT, inc->prec);
		S_disagree(dis, "dead", &dead, S_V_NUM, inc->prec);
		S_disagree(dis, "injured", &inj, S_V_NUM, inc->prec);
	}
	inc->disagreements = dis ? json_dumps(dis, JSON_COMPACT) : NULL;
	json_decref(dis);
	S_votes_clear(&same);
	S_votes_clear(&dates);
	S_votes_clear(&places);
	S_votes_clear(&dead);
	S_votes_clear(&inj);
	return ok && inc->disagreements ? 0 : -1;
}

/* MARK: - Writing incidents */

static int S_i64_cmp(const void *p, const void *q)
{
	int64_t a = *(const int64_t *)p, b = *(const int64_t *)q;
	return a < b ? -1 : a > b;
}

static dn_code S_delete_incident(S_ctx *x, int64_t id)
{
	sqlite3_stmt *st = dn_store_stmt(x->s, DN_ST_INC_DELETE, x->err);
	if (!st)
		return DN_EIO;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return dn_store_fail(x->s, x->err, DN_EIO,
				     "dropping an incident");
	return DN_OK;
}

/* Drops every incident that holds a record of the component. */
static dn_code S_drop_old(S_ctx *x)
{
	int64_t *ids = NULL;
	int n = 0, cap = 0;
	dn_code rc = DN_OK;
	for (size_t i = 0; !rc && i < x->ncomp; i++)
		for (int k = 0; !rc && k < x->comp[i]->nreps; k++) {
			sqlite3_stmt *st = dn_store_stmt(
				x->s, DN_ST_INC_OF_EVENT, x->err);
			if (!st) {
				rc = DN_EIO;
				break;
			}
			sqlite3_bind_int64(st, 1, x->comp[i]->reps[k]->id);
			if (sqlite3_step(st) == SQLITE_ROW) {
				if (S_grow((void **)&ids, &cap, n, sizeof(*ids)))
					rc = dn_store_err(x->err, DN_ENOMEM,
							  "out of memory");
				else
					ids[n++] = sqlite3_column_int64(st, 0);
			}
			sqlite3_reset(st);
		}
	if (ids)
		qsort(ids, (size_t)n, sizeof(*ids), S_i64_cmp);
	for (int i = 0; !rc && i < n; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			rc = S_delete_incident(x, ids[i]);
	free(ids);
	return rc;
}

static void S_bind_long(sqlite3_stmt *st, int i, long v)
{
	if (v >= 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static dn_code S_insert_incident(S_ctx *x, const S_inc *inc, int64_t *id)
{
	*id = 0;
	sqlite3_stmt *st = dn_store_stmt(x->s, DN_ST_INC_INSERT, x->err);
	if (!st)
		return DN_EIO;
	char date[11], dmin[11], dmax[11];
	S_attr a = {.prec = inc->prec};
	sqlite3_bind_text(st, 1, inc->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dn_store_cats[inc->cat], -1, SQLITE_STATIC);
	if (inc->prec != DN_PREC_UNKNOWN) {
		a.lo = inc->day;
		S_date_text(&a, date);
		a.lo = inc->dmin;
		S_date_text(&a, dmin);
		a.lo = inc->dmax;
		S_date_text(&a, dmax);
		sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, inc->day);
		sqlite3_bind_text(st, 6, dmin, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, dmax, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 4, dn_store_precs[inc->prec], -1, SQLITE_STATIC);
	if (inc->place)
		sqlite3_bind_int64(st, 8, inc->place->id);
	S_bind_long(st, 9, inc->dead);
	S_bind_long(st, 10, inc->dead_min);
	S_bind_long(st, 11, inc->dead_max);
	S_bind_long(st, 12, inc->inj);
	S_bind_long(st, 13, inc->inj_min);
	S_bind_long(st, 14, inc->inj_max);
	sqlite3_bind_text(st, 15, inc->actor.p, (int)inc->actor.len,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 16, inc->recipient.p, (int)inc->recipient.len,
			  SQLITE_STATIC);
	sqlite3_bind_int(st, 17, inc->reports);
	sqlite3_bind_int(st, 18, inc->docs);
	sqlite3_bind_text(st, 19, inc->disagreements, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return dn_store_fail(x->s, x->err, DN_EIO,
				     "storing an incident");
	*id = sqlite3_last_insert_rowid(x->s->db);
	return DN_OK;
}

static dn_code S_write_cluster(S_ctx *x, const S_cluster *c)
{
	S_inc inc;
	memset(&inc, 0, sizeof(inc));
	dn_buf_init(&inc.actor);
	dn_buf_init(&inc.recipient);
	dn_code rc = DN_OK;
	int64_t id = 0;
	if (S_attributes(c, &inc) < 0)
		rc = dn_store_err(x->err, DN_ENOMEM, "out of memory");
	if (!rc)
		rc = S_insert_incident(x, &inc, &id);
	sqlite3_stmt *st;
	int seq = 0;
	for (int k = 0; !rc && k < c->n; k++) {
		const S_node *nd = c->m[k];
		for (int i = 0; !rc && i < nd->nreps; i++) {
			const S_rep *r = nd->reps[i];
			const char *why = i ? r->why : k ? nd->why : NULL;
			if (!why)
				why = nd->why ? nd->why
					      : "first report: the most precise "
						"and earliest account";
			if (!(st = dn_store_stmt(x->s, DN_ST_REP_INSERT, x->err))) {
				rc = DN_EIO;
				break;
			}
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, r->id);
			sqlite3_bind_int(st, 3, seq++);
			sqlite3_bind_text(st, 4, why, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = dn_store_fail(x->s, x->err, DN_EIO,
						   "storing a report");
		}
	}
	dn_buf_clear(&inc.actor);
	dn_buf_clear(&inc.recipient);
	free(inc.disagreements);
	return rc;
}

/* Clusters the component in x->comp and rewrites its incidents. */
static dn_code S_finish_comp(S_ctx *x)
{
	S_cluster *cl = NULL;
	int ncl = 0;
	dn_code rc = S_drop_old(x);
	if (!rc)
		rc = S_cluster_comp(x, &cl, &ncl);
	for (int k = 0; !rc && k < ncl; k++)
		rc = S_write_cluster(x, &cl[k]);
	for (int k = 0; k < ncl; k++) {
		free(cl[k].m);
		free(cl[k].sig);
	}
	free(cl);
	x->ncomps++;
	x->ncomp = 0;
	return rc;
}

/* Builds and rewrites the component of node seed (if not done yet). */
static dn_code S_component(S_ctx *x, S_node *seed)
{
	if (seed->comp >= 0)
		return DN_OK;
	if (S_comp_push(x, seed) < 0)
		return dn_store_err(x->err, DN_ENOMEM, "out of memory");
	for (size_t i = 0; i < x->ncomp; i++) {
		dn_code rc = S_expand(x, x->comp[i]);
		if (rc)
			return rc;
	}
	return S_finish_comp(x);
}

/* MARK: - Pending work */

static int S_push_id(int64_t **v, size_t *n, size_t *cap, int64_t id)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		int64_t *w = realloc(*v, c * sizeof(*w));
		if (!w)
			return -1;
		*v = w;
		*cap = c;
	}
	(*v)[(*n)++] = id;
	return 0;
}

static void S_ctx_init(S_ctx *x, dn_store *s, dn_arena *a, dn_error *err)
{
	memset(x, 0, sizeof(*x));
	x->s = s;
	x->err = err;
	x->a = a;
	dn_buf_init(&x->why);
}

static void S_ctx_clear(S_ctx *x)
{
	free(x->map);
	for (size_t i = 0; i < x->capnear; i++)
		free(x->near[i].docs);
	free(x->near);
	free(x->comp);
	dn_buf_clear(&x->why);
}

dn_code dn_store_inc_note_new(dn_store *s, int64_t doc, dn_error *err)
{
	dn_incwork *w = &s->work;
	if (S_push_id(&w->docs, &w->ndocs, &w->capdocs, doc) < 0)
		return dn_store_err(err, DN_ENOMEM, "out of memory");
	return DN_OK;
}

dn_code dn_store_inc_note_replace(dn_store *s, int64_t doc, dn_error *err)
{
	dn_incwork *w = &s->work;
	w->replaced = 1;
	/* the incidents it was part of, and their other documents */
	sqlite3_stmt *st = dn_store_stmt(s, DN_ST_INC_OF_DOC, err);
	if (!st)
		return DN_EIO;
	sqlite3_bind_int64(st, 1, doc);
	size_t first = w->nstale;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (S_push_id(&w->stale, &w->nstale, &w->capstale,
			      sqlite3_column_int64(st, 0)) < 0)
			return dn_store_err(err, DN_ENOMEM, "out of memory");
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return dn_store_fail(s, err, DN_EIO, "finding incidents");
	for (size_t i = first; i < w->nstale; i++) {
		if (!(st = dn_store_stmt(s, DN_ST_INC_DOCS, err)))
			return DN_EIO;
		sqlite3_bind_int64(st, 1, w->stale[i]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t d = sqlite3_column_int64(st, 0);
			if (d != doc && S_push_id(&w->docs, &w->ndocs,
						  &w->capdocs, d) < 0)
				return dn_store_err(err, DN_ENOMEM,
						    "out of memory");
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return dn_store_fail(s, err, DN_EIO,
					     "finding incidents");
	}
	/* the document as it was: what it linked to must be reclustered */
	S_ctx x;
	S_ctx_init(&x, s, &w->arena, err);
	S_doc *d;
	dn_code code = S_load(&x, doc, &d);
	S_ctx_clear(&x);
	if (code)
		return code;
	if (w->nghosts == w->capghosts) {
		size_t cap = w->capghosts ? w->capghosts * 2 : 16;
		S_doc **v = realloc(w->ghosts, cap * sizeof(*v));
		if (!v)
			return dn_store_err(err, DN_ENOMEM, "out of memory");
		w->ghosts = v;
		w->capghosts = cap;
	}
	((S_doc **)w->ghosts)[w->nghosts++] = d;
	return DN_OK;
}

void dn_store_inc_reset(dn_incwork *w)
{
	w->ndocs = w->nstale = w->nghosts = 0;
	w->replaced = 0;
	dn_arena_reset(&w->arena);
}

/* Seeds components from what a replaced document was linked to. */
static dn_code S_from_ghost(S_ctx *x, S_doc *g)
{
	for (int k = 0; k < g->nnodes; k++) {
		S_node ghost = g->nodes[k];
		ghost.doc = &(S_doc){.id = -1, .name = NULL};
		size_t start = x->ncomp;
		dn_code rc = S_expand(x, &ghost);
		if (rc)
			return rc;
		/* each node found seeds its own component */
		size_t n = x->ncomp - start;
		S_node **found = malloc((n ? n : 1) * sizeof(*found));
		if (!found)
			return dn_store_err(x->err, DN_ENOMEM, "out of memory");
		if (n)
			memcpy(found, x->comp + start, n * sizeof(*found));
		for (size_t i = 0; i < n; i++)
			found[i]->comp = -1;
		x->ncomp = start;
		for (size_t i = 0; !rc && i < n; i++)
			rc = S_component(x, found[i]);
		free(found);
		if (rc)
			return rc;
	}
	return DN_OK;
}

dn_code dn_store_inc_recompute(dn_store *s, dn_error *err)
{
	dn_incwork *w = &s->work;
	if (!w->ndocs && !w->nstale && !w->nghosts)
		return DN_OK;
	dn_arena arena;
	dn_arena_init(&arena);
	S_ctx x;
	S_ctx_init(&x, s, &arena, err);
	dn_code rc = DN_OK;
	for (size_t i = 0; !rc && i < w->nstale; i++)
		rc = S_delete_incident(&x, w->stale[i]);
	for (size_t i = 0; !rc && i < w->ndocs; i++) {
		S_doc *d;
		if ((rc = S_load(&x, w->docs[i], &d)))
			break;
		for (int k = 0; !rc && k < d->nnodes; k++)
			rc = S_component(&x, &d->nodes[k]);
	}
	for (size_t i = 0; !rc && i < w->nghosts; i++)
		rc = S_from_ghost(&x, ((S_doc **)w->ghosts)[i]);
	S_ctx_clear(&x);
	dn_arena_clear(&arena);
	dn_store_inc_reset(w);
	return rc;
}
