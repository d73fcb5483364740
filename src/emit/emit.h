/*
 * emit.h — stage 6: event records as JSON Lines (the contract of
 * shared/spec/EVENTS.md), written with jansson.
 */
#ifndef DN_EMIT_H
#define DN_EMIT_H

struct dn_coder;

/* Writes the coder's events into its output buffer. 0 or -1 on OOM. */
int dn_emit_events(struct dn_coder *c);

/* Writes regions, sentences (and tokens) into the debug buffer. */
int dn_emit_debug(struct dn_coder *c, int with_tokens);

#endif
