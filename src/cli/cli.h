/*
 * cli.h — the subcommands of the dunlin tool. Each returns the process
 * exit status: 0 success, 1 something failed (but the rest was done),
 * 2 usage error.
 */
#ifndef DN_CLI_H
#define DN_CLI_H

#include <stdio.h>

int dn_cli_code(int argc, char **argv);     /* cli/code.c */
int dn_cli_split(int argc, char **argv);    /* cli/code.c */
int dn_cli_dict(int argc, char **argv);     /* cli/dict.c */
int dn_cli_ingest(int argc, char **argv);   /* cli/store.c */
int dn_cli_query(int argc, char **argv);    /* cli/store.c */
int dn_cli_export(int argc, char **argv);   /* cli/store.c */
int dn_cli_stats(int argc, char **argv);    /* cli/store.c */
int dn_cli_incident(int argc, char **argv); /* cli/store.c */

/* The data folder: --data DIR, else $DUNLIN_DATA, else the build's. */
const char *dn_cli_datadir(const char *opt);

/* Whether s is a valid "YYYY-MM-DD" day (for --date); warns when not. */
int dn_cli_date_ok(const char *s);

/* Prints "dunlin: " and the message to stderr. */
void dn_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
