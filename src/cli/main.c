/*
 * main.c — the dunlin command: dispatches to the subcommands.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dunlin.h>

#include "cli.h"
#include "when/when.h"

static const char S_usage[] =
	"usage: dunlin COMMAND [OPTIONS] [ARGS]\n"
	"\n"
	"commands:\n"
	"  code     code documents into PLOVER event records (JSON Lines)\n"
	"  split    show boilerplate regions, datelines and sentences\n"
	"  dict     check the dictionaries or look an expression up\n"
	"  ingest   code documents into the SQLite store\n"
	"  query    select events or incidents from the store\n"
	"  export   write the store as PLOVER JSON, CSV or CAMEO TSV\n"
	"  stats    counts of documents, events and incidents in the store\n"
	"  incident show one incident and why its reports were merged\n"
	"  help     this text, or `dunlin help COMMAND`\n"
	"  version  print the version\n";

static const char S_help_code[] =
	"usage: dunlin code [OPTIONS] [FILE|DIR|-]...\n"
	"\n"
	"Codes news documents into PLOVER 2.0 event records, one JSON object per\n"
	"line on stdout (see shared/spec/EVENTS.md). Inputs: plain-text files (the\n"
	"id is the file name without extension), directories (recursively, .txt and\n"
	".jsonl files, sorted), JSON Lines files ({\"id\",\"text\",\"date\",...} per\n"
	"line) and - for stdin (JSON Lines when it starts with '{', else one text).\n"
	"Diagnostics and a summary go to stderr. Exit status: 0 when every document\n"
	"was coded, 1 when any failed (the rest are still coded), 2 for usage errors.\n"
	"\n"
	"options:\n"
	"  --date YYYY-MM-DD  publication date of plain-text documents\n"
	"  --threads N        code N documents in parallel (default: the number of\n"
	"                     cores); output order and bytes do not depend on N\n"
	"  --data DIR         the dictionaries (default: $DUNLIN_DATA or the build's)\n"
	"  --debug            print the pipeline's view (as `dunlin split`) instead\n"
	"  --quiet            no summary line\n";

static const char S_help_split[] =
	"usage: dunlin split [--tokens] [--data DIR] [FILE|DIR|-]...\n"
	"\n"
	"Prints, as JSON Lines, what the text pipeline found: boilerplate regions\n"
	"(bylines, captions, source lists, comment forms, menus, embedded-post\n"
	"lines), the dateline, and each sentence with its byte span; --tokens adds\n"
	"the tokens with their offsets and folded forms.\n";

static const char S_help_dict[] =
	"usage: dunlin dict check [--data DIR]\n"
	"       dunlin dict lookup [--data DIR] [--date YYYY-MM-DD] TEXT...\n"
	"\n"
	"check validates every dictionary file listed in DIR/manifest.txt and\n"
	"prints each problem as FILE:LINE: message (exit 1 when any).\n"
	"lookup shows what TEXT resolves to: actors, people (by date), event\n"
	"patterns and places.\n";

void dn_cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("dunlin: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int dn_cli_date_ok(const char *s)
{
	dn_date d;
	int prec;
	if (strlen(s) == 10 && dn_date_parse(s, 10, &d, &prec) && prec == DN_PREC_DAY)
		return 1;
	dn_cli_warn("--date wants YYYY-MM-DD, not '%s'", s);
	return 0;
}

const char *dn_cli_datadir(const char *opt)
{
	if (opt)
		return opt;
	const char *env = getenv("DUNLIN_DATA");
	return env && *env ? env : DN_DATA_DIR;
}

static int S_help(const char *topic)
{
	if (!topic) {
		fputs(S_usage, stdout);
		return 0;
	}
	if (strcmp(topic, "code") == 0)
		fputs(S_help_code, stdout);
	else if (strcmp(topic, "split") == 0)
		fputs(S_help_split, stdout);
	else if (strcmp(topic, "dict") == 0)
		fputs(S_help_dict, stdout);
	else {
		/* the store commands print their own help */
		char *argv[] = {(char *)topic, (char *)"--help", NULL};
		if (strcmp(topic, "ingest") == 0)
			return dn_cli_ingest(2, argv);
		if (strcmp(topic, "query") == 0)
			return dn_cli_query(2, argv);
		if (strcmp(topic, "export") == 0)
			return dn_cli_export(2, argv);
		if (strcmp(topic, "stats") == 0)
			return dn_cli_stats(2, argv);
		if (strcmp(topic, "incident") == 0)
			return dn_cli_incident(2, argv);
		dn_cli_warn("no help for '%s'", topic);
		fputs(S_usage, stderr);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(S_usage, stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return S_help(argc > 2 ? argv[2] : NULL);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("dunlin %s\n", DN_VERSION);
		return 0;
	}
	static const struct { const char *name; int (*fn)(int, char **); } cmds[] = {
		{"code", dn_cli_code}, {"split", dn_cli_split}, {"dict", dn_cli_dict},
		{"ingest", dn_cli_ingest}, {"query", dn_cli_query},
		{"export", dn_cli_export}, {"stats", dn_cli_stats},
		{"incident", dn_cli_incident}};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(cmd, cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	dn_cli_warn("unknown command '%s'", cmd);
	fputs(S_usage, stderr);
	return 2;
}

/* Help texts are shared with the subcommands' --help. */
const char *dn_cli_help_text(const char *topic);
const char *dn_cli_help_text(const char *topic)
{
	if (strcmp(topic, "code") == 0)
		return S_help_code;
	if (strcmp(topic, "split") == 0)
		return S_help_split;
	return S_help_dict;
}
