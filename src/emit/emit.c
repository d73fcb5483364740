/*
 * emit.c — event records and the debug view as JSON Lines.
 *
 * Texts come from the cleaned buffer (valid UTF-8, same offsets as the
 * original), so the output is valid JSON whatever the input bytes were.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "code/coder_int.h"
#include "emit.h"

static json_t *S_text(const dn_coder *c, uint32_t a, uint32_t b)
{
	return json_stringn_nocheck(c->clean + a, b - a);
}

static json_t *S_span(uint32_t a, uint32_t b)
{
	json_t *s = json_array();
	json_array_append_new(s, json_integer(a));
	json_array_append_new(s, json_integer(b));
	return s;
}

/* The entity's text without a leading determiner or possessive pronoun. */
static void S_ent_span(const dn_coder *c, const dn_ent *e, uint32_t *a, uint32_t *b)
{
	const dn_toks *t = &c->toks;
	int i = e->a;
	if (i + 1 < e->b && ((t->v[i].cls & DN_C_DET) || t->v[i].word == c->dict->w_its ||
			     t->v[i].word == c->dict->w_their || t->v[i].word == c->dict->w_his ||
			     t->v[i].word == c->dict->w_her))
		i++;
	*a = t->v[i].start;
	*b = t->v[e->b - 1].end;
}

static json_t *S_entity(const dn_coder *c, const dn_ent *e, int ci)
{
	json_t *o = json_object();
	uint32_t a, b;
	S_ent_span(c, e, &a, &b);
	json_object_set_new(o, "text", S_text(c, a, b));
	if (ci < e->ncountry)
		json_object_set_new(o, "country", json_string(e->country[ci]));
	else
		json_object_set_new(o, "country", json_null());
	json_object_set_new(o, "sector", e->sector ? json_string(dn_sector_names[e->sector]) : json_null());
	if (e->name)
		json_object_set_new(o, "name", json_string(e->name));
	return o;
}

static json_t *S_entities(const dn_coder *c, const dn_ent *v, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		int nc = v[i].ncountry ? v[i].ncountry : 1;
		for (int k = 0; k < nc; k++)
			json_array_append_new(arr, S_entity(c, &v[i], k));
	}
	return arr;
}

static json_t *S_names(const char *const *names)
{
	json_t *arr = json_array();
	for (int i = 0; names && i < DN_PAT_NAMES && names[i]; i++)
		json_array_append_new(arr, json_string_nocheck(names[i]));
	return arr;
}

static json_t *S_count(const dn_coder *c, const dn_count *k)
{
	if (!k->set)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "min", json_integer(k->min));
	json_object_set_new(o, "max", k->max < 0 ? json_null() : json_integer(k->max));
	json_object_set_new(o, "text", S_text(c, k->start, k->end));
	return o;
}

static json_t *S_location(const dn_coder *c, const dn_event *ev)
{
	if (!ev->has_loc)
		return json_null();
	const dn_place *p = &ev->loc.place;
	json_t *o = json_object();
	json_object_set_new(o, "text", S_text(c, ev->loc.start, ev->loc.end));
	json_object_set_new(o, "name", p->name ? json_string(p->name) : json_null());
	json_object_set_new(o, "country", p->country[0] ? json_string(p->country) : json_null());
	json_object_set_new(o, "province", p->province ? json_string(p->province) : json_null());
	json_object_set_new(o, "lat", p->lat == p->lat ? json_real(p->lat) : json_null());
	json_object_set_new(o, "lon", p->lon == p->lon ? json_real(p->lon) : json_null());
	json_object_set_new(o, "resolution", json_integer(p->resolution));
	return o;
}

/* Entities with a sector but no country take the event's place or the
 * story's focus country ("civilians" in a story about Aleppo). */
static void S_fill(const dn_coder *c, dn_event *ev)
{
	const char *fill = ev->has_loc && ev->loc.place.country[0] ? ev->loc.place.country
								     : dn_focus_get(c);
	if (!fill)
		return;
	dn_ent *roles[2] = {ev->actor, ev->recip};
	int counts[2] = {ev->nactor, ev->nrecip};
	for (int r = 0; r < 2; r++)
		for (int i = 0; i < counts[r]; i++) {
			dn_ent *e = &roles[r][i];
			if (!e->ncountry && e->sector && !(e->flags & DN_EF_FOREIGN))
				dn_ent_add_country(e, fill);
		}
}

int dn_emit_events(dn_coder *c)
{
	const char *id = c->doc->id;
	int n = 0;
	for (int i = 0; i < c->nev; i++) {
		dn_event *ev = &c->ev[i];
		if (ev->dropped)
			continue;
		S_fill(c, ev);
		json_t *o = json_object();
		char eid[1200];
		snprintf(eid, sizeof eid, "%.1100s#%d", id, n++);
		json_object_set_new(o, "id", json_string(eid));
		json_object_set_new(o, "doc", json_string(id));
		json_object_set_new(o, "sentence", json_integer(ev->sent));
		json_object_set_new(o, "span", S_span(ev->sstart, ev->send));
		json_object_set_new(o, "text", S_text(c, ev->sstart, ev->send));
		json_object_set_new(o, "event", json_string(dn_event_names[ev->event]));
		json_object_set_new(o, "mode", S_names(ev->pat ? ev->pat->mode : NULL));
		json_object_set_new(o, "context", S_names(ev->pat ? ev->pat->context : NULL));
		json_object_set_new(o, "cameo", json_string(ev->pat ? ev->pat->cameo : "10"));
		json_object_set_new(o, "actor", S_entities(c, ev->actor, ev->nactor));
		json_object_set_new(o, "recipient", S_entities(c, ev->recip, ev->nrecip));
		char date[16] = "";
		if (ev->has_when && ev->when.precision != DN_PREC_UNKNOWN) {
			dn_date_format(&ev->when.date, ev->when.precision, date);
			json_object_set_new(o, "date", json_string(date));
			json_object_set_new(o, "date_precision",
					    json_string(ev->when.precision == DN_PREC_DAY ? "day" :
							ev->when.precision == DN_PREC_MONTH ? "month" : "year"));
			json_object_set_new(o, "date_text", S_text(c, ev->when.start, ev->when.end));
		} else if (c->have_pub) {
			json_object_set_new(o, "date", json_string(c->pubstr));
			json_object_set_new(o, "date_precision", json_string("day"));
			json_object_set_new(o, "date_text", json_null());
		} else {
			json_object_set_new(o, "date", json_null());
			json_object_set_new(o, "date_precision", json_string("unknown"));
			json_object_set_new(o, "date_text", json_null());
		}
		json_object_set_new(o, "location", S_location(c, ev));
		json_object_set_new(o, "dead", S_count(c, &ev->dead));
		json_object_set_new(o, "injured", S_count(c, &ev->injured));
		json_object_set_new(o, "modality", json_string(dn_modality_names[ev->modality]));
		if (ev->has_attrib)
			json_object_set_new(o, "attribution", S_entity(c, &ev->attrib, 0));
		else
			json_object_set_new(o, "attribution", json_null());
		json_t *tr = json_object();
		uint32_t ta = c->toks.v[ev->ta].start, tb = c->toks.v[ev->tb - 1].end;
		json_object_set_new(tr, "text", S_text(c, ta, tb));
		json_object_set_new(tr, "span", S_span(ta, tb));
		json_object_set_new(o, "trigger", tr);
		char rule[128];
		if (ev->pat)
			snprintf(rule, sizeof rule, "%s:%.100s", ev->noun ? "noun" : "verb", ev->pat->text);
		else
			snprintf(rule, sizeof rule, "rule:%s", ev->rule ? ev->rule : "?");
		json_object_set_new(o, "rule", json_string(rule));
		/* serialise straight into the output buffer: no copy */
		size_t room = 4096, need;
		for (;;) {
			if (dn_buf_reserve(&c->out, room + 1) < 0) {
				json_decref(o);
				return -1;
			}
			need = json_dumpb(o, c->out.p + c->out.len, room, JSON_COMPACT | JSON_PRESERVE_ORDER);
			if (need == 0) {
				json_decref(o);
				return -1;
			}
			if (need <= room)
				break;
			room = need; /* a long sentence: once more with room for it */
		}
		json_decref(o);
		c->out.len += need;
		c->out.p[c->out.len] = 0;
		if (dn_buf_addc(&c->out, '\n') < 0)
			return -1;
		c->stats.events++;
	}
	return 0;
}

/* Appends one JSON object as a line and releases it. 0, or -1 on OOM. */
static int S_line(dn_buf *b, json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s)
		return -1;
	int rc = dn_buf_adds(b, s);
	free(s);
	return rc < 0 || dn_buf_addc(b, '\n') < 0 ? -1 : 0;
}

int dn_emit_debug(dn_coder *c, int with_tokens)
{
	dn_buf_reset(&c->dbg);
	const char *id = c->doc ? c->doc->id : "";
	/* the publication date used, and where it came from */
	json_t *pd = json_object();
	json_object_set_new(pd, "doc", json_string(id));
	json_object_set_new(pd, "pubdate", c->have_pub ? json_string(c->pubstr) : json_null());
	json_object_set_new(pd, "evidence", c->have_pub ? json_string(c->pub_evidence) : json_null());
	if (S_line(&c->dbg, pd) < 0)
		return -1;
	for (int r = 0; r < c->layout.nregions; r++) {
		const dn_region *g = &c->layout.regions[r];
		json_t *o = json_object();
		json_object_set_new(o, "doc", json_string(id));
		json_object_set_new(o, "region", json_string(dn_region_name(g->kind)));
		json_object_set_new(o, "span", S_span(g->start, g->end));
		json_object_set_new(o, "text", S_text(c, g->start, g->end));
		if (S_line(&c->dbg, o) < 0)
			return -1;
	}
	for (int i = 0; i < c->layout.nsents; i++) {
		const dn_sent *st = &c->layout.sents[i];
		json_t *o = json_object();
		json_object_set_new(o, "doc", json_string(id));
		json_object_set_new(o, "sentence", json_integer(i));
		json_object_set_new(o, "span", S_span(st->start, st->end));
		if (st->flags & DN_SF_HEADLINE)
			json_object_set_new(o, "headline", json_true());
		json_object_set_new(o, "text", S_text(c, st->start, st->end));
		if (with_tokens && c->sent_tok) {
			json_t *arr = json_array();
			for (int k = c->sent_tok[i]; k < c->sent_tok[i + 1]; k++) {
				const dn_tok *tk = &c->toks.v[k];
				json_t *to = json_array();
				json_array_append_new(to, json_integer(tk->start));
				json_array_append_new(to, json_integer(tk->end));
				json_array_append_new(to, json_stringn_nocheck(dn_tok_norm(&c->toks, tk), tk->nlen));
				json_array_append_new(arr, to);
			}
			json_object_set_new(o, "tokens", arr);
		}
		if (S_line(&c->dbg, o) < 0)
			return -1;
	}
	return c->dbg.oom ? -1 : 0;
}
