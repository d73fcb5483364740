/*
 * dict.c — `dunlin dict check` and `dunlin dict lookup`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dunlin.h>

#include "cli.h"

const char *dn_cli_help_text(const char *topic);

static void S_report(void *ctx, const dn_error *e)
{
	int *n = ctx;
	(*n)++;
	if (e->line)
		fprintf(stderr, "%s:%ld: %s\n", e->file, e->line, e->msg);
	else
		fprintf(stderr, "%s%s%s\n", e->file, e->file[0] ? ": " : "", e->msg);
}

int dn_cli_dict(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'D'},
		{"date", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *data = NULL, *date = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'D': data = optarg; break;
		case 'd': date = optarg; break;
		case 'h': fputs(dn_cli_help_text("dict"), stdout); return 0;
		default:
			dn_cli_warn("unknown option '%s'", argv[optind - 1]);
			fputs(dn_cli_help_text("dict"), stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs(dn_cli_help_text("dict"), stderr);
		return 2;
	}
	const char *sub = argv[optind++];
	/* options may also follow the subcommand */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': data = optarg; break;
		case 'd': date = optarg; break;
		default:
			dn_cli_warn("unknown option '%s'", argv[optind - 1]);
			return 2;
		}
	}
	const char *dir = dn_cli_datadir(data);
	if (strcmp(sub, "check") == 0) {
		int n = 0;
		int problems = dn_dict_check(dir, S_report, &n);
		if (problems) {
			dn_cli_warn("%d problem%s in %s", problems, problems == 1 ? "" : "s", dir);
			return 1;
		}
		dn_error err;
		dn_dict *d = dn_dict_new(dir, &err);
		if (!d) {
			dn_cli_warn("%s: %s", err.file, err.msg);
			return 1;
		}
		printf("%s: dictionaries are valid (loaded in %.1f ms)\n", dir, dn_dict_load_ms(d));
		dn_dict_free(d);
		return 0;
	}
	if (strcmp(sub, "lookup") == 0) {
		if (optind >= argc) {
			dn_cli_warn("dict lookup wants a TEXT");
			return 2;
		}
		dn_error err;
		dn_dict *d = dn_dict_new(dir, &err);
		if (!d) {
			dn_cli_warn("%s: %s", err.file, err.msg);
			return 1;
		}
		size_t len = 0;
		for (int i = optind; i < argc; i++)
			len += strlen(argv[i]) + 1;
		char *text = calloc(1, len + 1);
		for (int i = optind; i < argc; i++) {
			strcat(text, argv[i]);
			if (i + 1 < argc)
				strcat(text, " ");
		}
		char *out = dn_dict_lookup(d, text, date);
		free(text);
		int rc = 0;
		if (!out) {
			dn_cli_warn("out of memory");
			rc = 1;
		} else {
			fputs(out, stdout);
			if (!*out) {
				dn_cli_warn("nothing in the dictionaries matches");
				rc = 1;
			}
		}
		free(out);
		dn_dict_free(d);
		return rc;
	}
	dn_cli_warn("unknown dict command '%s' (check, lookup)", sub);
	return 2;
}
