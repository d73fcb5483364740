/*
 * lookup.c — what an expression resolves to (`dunlin dict lookup`).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "coder_int.h"

static void S_line(dn_buf *b, json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s) {
		dn_buf_adds(b, s);
		dn_buf_addc(b, '\n');
		free(s);
	}
}

char *dn_dict_lookup(const dn_dict *d, const char *text, const char *pubdate)
{
	size_t n = strlen(text);
	char *clean = malloc(n + 1);
	if (!clean)
		return NULL;
	size_t bad, nul;
	dn_text_decode(text, n, clean, &bad, &nul);
	clean[n] = 0;
	dn_toks t;
	dn_toks_init(&t);
	dn_buf b;
	dn_buf_init(&b);
	dn_buf_reserve(&b, 0);
	if (b.p)
		b.p[0] = 0;
	int nt = dn_lex(clean, 0, (uint32_t)n, DN_MAX_SENT_TOKENS, &t);
	int32_t date = 0;
	dn_date pd;
	int prec;
	if (pubdate && dn_date_parse(pubdate, strlen(pubdate), &pd, &prec))
		date = pd.y * 10000 + (pd.m ? pd.m : 1) * 100 + (pd.d ? pd.d : 1);
	if (nt > 0) {
		dn_dict_annotate(d, &t, 0, nt);
		dn_coref coref;
		dn_coref_reset(&coref);
		dn_ent ents[DN_MAX_ENTS];
		int ne = dn_chunk(d, &t, 0, nt, date, &coref, ents, DN_MAX_ENTS);
		for (int e = 0; e < ne; e++) {
			json_t *o = json_object();
			json_object_set_new(o, "kind", json_string("entity"));
			json_object_set_new(o, "text", json_stringn_nocheck(clean + t.v[ents[e].a].start,
									  t.v[ents[e].b - 1].end - t.v[ents[e].a].start));
			json_t *cs = json_array();
			for (int k = 0; k < ents[e].ncountry; k++)
				json_array_append_new(cs, json_string(ents[e].country[k]));
			json_object_set_new(o, "country", cs);
			json_object_set_new(o, "sector", ents[e].sector ? json_string(dn_sector_names[ents[e].sector]) : json_null());
			json_object_set_new(o, "name", ents[e].name ? json_string(ents[e].name) : json_null());
			S_line(&b, o);
		}
		for (int i = 0; i < nt; i++) {
			const dn_tok *k = &t.v[i];
			for (int noun = 0; noun < 2; noun++) {
				uint32_t head = k->lemma;
				uint32_t first = noun ? d->npat_first[head] : d->pat_first[head];
				uint16_t count = noun ? d->npat_count[head] : d->pat_count[head];
				for (uint32_t q = first; first && q < first + count; q++) {
					const dn_pattern *p = &d->pats[q - 1];
					json_t *o = json_object();
					json_object_set_new(o, "kind", json_string(noun ? "noun pattern" : "verb pattern"));
					json_object_set_new(o, "word", json_stringn_nocheck(clean + k->start, k->end - k->start));
					json_object_set_new(o, "pattern", json_string(p->text));
					json_object_set_new(o, "event", json_string(dn_event_names[p->event]));
					json_object_set_new(o, "cameo", json_string(p->cameo));
					json_object_set_new(o, "mode", json_loads(p->modes, 0, NULL));
					S_line(&b, o);
				}
			}
		}
		/* the whole text as a place */
		char key[512];
		size_t kl = 0;
		for (int i = 0; i < nt && kl + t.v[i].nlen + 2 < sizeof key; i++) {
			if (kl)
				key[kl++] = ' ';
			memcpy(key + kl, dn_tok_norm(&t, &t.v[i]), t.v[i].nlen);
			kl += t.v[i].nlen;
		}
		dn_place pl;
		if (kl && dn_gaz_find(d->gaz, key, kl, NULL, &pl)) {
			json_t *o = json_object();
			json_object_set_new(o, "kind", json_string("place"));
			json_object_set_new(o, "name", json_string(pl.name ? pl.name : ""));
			json_object_set_new(o, "country", json_string(pl.country));
			json_object_set_new(o, "province", pl.province ? json_string(pl.province) : json_null());
			json_object_set_new(o, "lat", json_real(pl.lat));
			json_object_set_new(o, "lon", json_real(pl.lon));
			json_object_set_new(o, "resolution", json_integer(pl.resolution));
			S_line(&b, o);
		}
	}
	free(clean);
	dn_toks_clear(&t);
	if (b.oom) {
		dn_buf_clear(&b);
		return NULL;
	}
	return b.p;
}
