/*
 * emit.h — stage 6: event records as JSON Lines (the contract of
 * shared/spec/EVENTS.md), written with yajl's streaming generator.
 */
#ifndef DN_EMIT_H
#define DN_EMIT_H

struct dn_coder;

/* Writes the coder's events into its output buffer. 0 or -1 on OOM. */
int dn_emit_events(struct dn_coder *c);

/* Writes regions, sentences (and tokens) into the debug buffer. */
int dn_emit_debug(struct dn_coder *c, int with_tokens);

/* Releases the coder's JSON writer (dn_coder_free calls it). */
void dn_emit_free(struct dn_coder *c);

#endif
