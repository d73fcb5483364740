/*
 * chunk.h — stage 4: entity mentions in one sentence.
 *
 * A shallow, dictionary-driven chunker: runs of actor phrases (countries,
 * adjectives, titles, persons, organisations, sector nouns) and unknown
 * capitalised names form noun phrases; each phrase resolves to a country,
 * a sector and a name. "X and Y" phrases are linked as one compound.
 */
#ifndef DN_CHUNK_H
#define DN_CHUNK_H

#include "dict/dict.h"

#define DN_ENT_COUNTRIES 4 /* countries one phrase can hold: "Russian and Syrian" */
#define DN_MAX_ENTS 128    /* entity mentions per sentence */

enum {
	DN_EF_PERSON = 1,    /* names a person */
	DN_EF_PLACE = 2,     /* a country, capital or place name alone */
	DN_EF_PRON = 4,      /* a pronoun resolved by coreference */
	DN_EF_UNKNOWN = 8,   /* unknown capitalised name */
	DN_EF_FOREIGN = 16,  /* "Western", "international": no country fill */
	DN_EF_POSS = 32,     /* followed by 's: a possessor */
	DN_EF_INPP = 64,     /* directly after a preposition */
	DN_EF_AGENT = 128,   /* has a sector noun */
	DN_EF_TITLE = 256    /* has a title */
};

typedef struct dn_ent {
	int a, b;                           /* token range [a, b) */
	int head;                           /* head token */
	char country[DN_ENT_COUNTRIES][4];  /* countries, "" unused */
	int ncountry;                       /* used entries of country */
	uint8_t sector;                     /* dn_sector_names index, 0 none */
	uint16_t flags;                     /* DN_EF_* */
	const char *name;                   /* canonical name or NULL */
	uint32_t person;                    /* person id, 0 none */
	int group;                          /* compound group id (= first member) */
	int prep;                           /* the preposition's word id before it, 0 */
} dn_ent;

/* What the chunker remembers across the sentences of one document. */
typedef struct dn_coref {
	uint32_t persons[256];     /* person ids whose full name appeared */
	int npersons;
	struct {
		uint32_t head;         /* head word id of an earlier mention */
		char country[4];
		uint8_t sector;
		const char *name;
		uint32_t person;
	} recent[64];              /* ring of earlier entity mentions */
	int nrecent;
	dn_ent last_person;        /* for he/she */
	int have_person;
} dn_coref;

void dn_coref_reset(dn_coref *c);

/* Finds the entity mentions of tokens [first, last) (annotated). date is
 * the publication date as yyyymmdd (0 unknown). Returns the count. */
int dn_chunk(const dn_dict *d, const dn_toks *t, int first, int last,
	     int32_t date, dn_coref *coref, dn_ent *out, int max);

/* Adds a country to an entity (ignoring duplicates and overflow). */
void dn_ent_add_country(dn_ent *e, const char *c);

#endif
