/*
 * coder_int.h — the coder's handle and event records (private).
 */
#ifndef DN_CODER_INT_H
#define DN_CODER_INT_H

#include <dunlin.h>

#include "base/base.h"
#include "chunk/chunk.h"
#include "dict/dict.h"
#include "geo/geo.h"
#include "lex/lex.h"
#include "text/text.h"
#include "when/when.h"

#define DN_EV_ROLE 8 /* entities per role */

enum { DN_MOD_ASSERTED, DN_MOD_NEGATED, DN_MOD_FUTURE, DN_MOD_HYPOTHETICAL,
       DN_MOD_CLAIMED, DN_MOD_DENIED };
extern const char *const dn_modality_names[6];

typedef struct dn_event {
	int sent;                   /* sentence index in the document */
	uint32_t sstart, send;      /* the sentence's byte span */
	int ta, tb;                 /* trigger tokens [ta, tb) */
	const dn_pattern *pat;      /* the pattern that fired, or NULL */
	const char *rule;           /* rule name when no pattern: "say-must" */
	uint8_t event;              /* dn_event_names index */
	uint8_t modality;           /* DN_MOD_* */
	uint8_t future;             /* the verb is future */
	uint8_t noun;               /* fired by a noun pattern */
	dn_ent actor[DN_EV_ROLE];   /* actor entities */
	int nactor;
	dn_ent recip[DN_EV_ROLE];   /* recipient entities */
	int nrecip;
	dn_ent attrib;              /* who reported it */
	int has_attrib;
	dn_when when;               /* date, when found */
	int has_when;
	dn_loc loc;                 /* place, when found */
	int has_loc;
	dn_count dead, injured;     /* tolls */
	int dropped;                /* merged into another or suppressed */
} dn_event;

struct dn_coder {
	const dn_dict *dict;
	char *clean;             /* cleaned copy of the document (same length) */
	size_t cleancap;
	dn_arena arena;          /* per-document memory */
	dn_layout layout;        /* regions and sentences */
	dn_toks toks;            /* tokens of the document */
	int *sent_tok;           /* first token per sentence (nsents + 1) */
	dn_ent ents[DN_MAX_ENTS];/* entities of the current sentence */
	int nents;
	dn_coref coref;          /* across sentences */
	dn_event *ev;            /* events of the document */
	int nev, capev;
	dn_buf out;              /* JSON Lines output */
	dn_buf dbg;              /* debug output */
	struct yajl_gen_t *gen;  /* JSON writer of emit.c, made on first use */
	dn_buf *gen_out;         /* where it writes: out or dbg */
	dn_doc_stats stats;
	dn_date pub;             /* publication date */
	int have_pub;
	const char *pub_evidence;
	char pubstr[16];
	int32_t pubnum;          /* yyyymmdd or 0 */
	int focus_count[64];     /* countries seen in places, for fill-in */
	char focus_code[64][4];
	int nfocus;
	const dn_doc *doc;       /* the document being coded */
	int sfirst;              /* first token of the current sentence */
	int sn;                  /* its tokens (at most DN_MAX_SENT_TOKENS) */
	int16_t ent_of[DN_MAX_SENT_TOKENS];      /* entity covering a token, -1 */
	int16_t ent_end[DN_MAX_SENT_TOKENS + 1]; /* entity ending before a token, -1 */
	unsigned char ins[DN_MAX_SENT_TOKENS];   /* token inside ", who … ," */
	int16_t trig_at[DN_MAX_SENT_TOKENS];     /* tokens that head a pattern, unquoted */
	int ntrig_at;
	int16_t say_at[DN_MAX_SENT_TOKENS];      /* say verbs, claim nouns, "according" */
	int nsay_at;
	int16_t end_at[DN_MAX_SENT_TOKENS];      /* boundaries and full stops, in order */
	int nend_at;
	int16_t stop_at[DN_MAX_SENT_TOKENS];     /* boundaries and quotation marks */
	int nstop_at;
	int16_t and_at[DN_MAX_SENT_TOKENS];      /* "and"s that open a clause */
	int nand_at;
	int quote_open;          /* inside a quotation at the sentence start */
	uint32_t quote_para;     /* the paragraph quote_open belongs to */
	dn_loc para_loc;         /* the last event place ... */
	int para_loc_para;       /* ... and its paragraph (-1 none) */
	dn_geo_scan *geo;        /* the sentence prepared for dn_geo_pick ... */
	int geo_sent;            /* ... and its index (-1 none) */
	dn_when_sent when;       /* dates and counts of the current sentence */
};

/* Codes the events of sentence si (tokens [first, last)). */
int dn_events_sentence(dn_coder *c, int si, int first, int last);

/* Writes the document's events as JSON Lines into c->out. */
int dn_emit_events(dn_coder *c);

/* Counts a country towards the document's focus. */
void dn_focus_add(dn_coder *c, const char *country, int weight);
const char *dn_focus_get(const dn_coder *c);

#endif
