/*
 * json_writers.c — what one event record costs to write with each packaged
 * JSON library dunlin could use: a jansson tree serialised with json_dumpb
 * (what emit.c did first) and yajl's streaming generator (what it does now).
 *
 *   make bench-json        builds and runs it: ns per record, median of 5
 *
 * The record is a typical one from the benchmark corpus (880 bytes: a
 * 250-byte sentence, two entities, a place, a trigger), built from C values
 * each time as the emitter does. Not a test: nothing fails on speed.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yajl/yajl_gen.h>

static const char S_sentence[] =
	"Artillery shells struck a bus stop and a hospital courtyard in the rebel-held city of "
	"Donetsk on Monday, killing at least 12 civilians, local officials said, as fighting in "
	"eastern Ukraine reached its worst level since last year\xe2\x80\x99s September ceasefire.";

static char S_out[1 << 16];
static size_t S_outlen;

/* MARK: - jansson */

static json_t *S_jspan(int a, int b)
{
	json_t *s = json_array();
	json_array_append_new(s, json_integer(a));
	json_array_append_new(s, json_integer(b));
	return s;
}

static json_t *S_jentity(const char *text, const char *country, const char *sector)
{
	json_t *e = json_object();
	json_object_set_new(e, "text", json_string(text));
	json_object_set_new(e, "country", json_string(country));
	json_object_set_new(e, "sector", json_string(sector));
	return e;
}

static size_t S_jansson(void)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string("2015-02-03_donbas#0"));
	json_object_set_new(o, "doc", json_string("2015-02-03_donbas"));
	json_object_set_new(o, "sentence", json_integer(2));
	json_object_set_new(o, "span", S_jspan(152, 406));
	json_object_set_new(o, "text", json_stringn_nocheck(S_sentence, sizeof S_sentence - 1));
	json_object_set_new(o, "event", json_string("ASSAULT"));
	json_object_set_new(o, "mode", json_array());
	json_object_set_new(o, "context", json_array());
	json_object_set_new(o, "cameo", json_string("190"));
	json_t *a = json_array();
	json_array_append_new(a, S_jentity("Artillery", "UKR", "MIL"));
	json_object_set_new(o, "actor", a);
	a = json_array();
	json_array_append_new(a, S_jentity("hospital", "UKR", "MED"));
	json_object_set_new(o, "recipient", a);
	json_object_set_new(o, "date", json_string("2015-01-26"));
	json_object_set_new(o, "date_precision", json_string("day"));
	json_object_set_new(o, "date_text", json_string("on Monday"));
	json_t *l = json_object();
	json_object_set_new(l, "text", json_string("Donetsk"));
	json_object_set_new(l, "name", json_string("Donetsk"));
	json_object_set_new(l, "country", json_string("UKR"));
	json_object_set_new(l, "province", json_string("Donetsk"));
	json_object_set_new(l, "lat", json_real(48.023));
	json_object_set_new(l, "lon", json_real(37.80224));
	json_object_set_new(l, "resolution", json_integer(4));
	json_object_set_new(o, "location", l);
	json_object_set_new(o, "dead", json_null());
	json_object_set_new(o, "injured", json_null());
	json_object_set_new(o, "modality", json_string("asserted"));
	json_object_set_new(o, "attribution", json_null());
	json_t *tr = json_object();
	json_object_set_new(tr, "text", json_string("struck"));
	json_object_set_new(tr, "span", S_jspan(169, 175));
	json_object_set_new(o, "trigger", tr);
	json_object_set_new(o, "rule", json_string("verb:strike"));
	size_t n = json_dumpb(o, S_out, sizeof S_out, JSON_COMPACT | JSON_REAL_PRECISION(7));
	json_decref(o);
	return n;
}

/* MARK: - yajl */

#define S_KEY(g, lit) yajl_gen_string((g), (const unsigned char *)(lit), sizeof(lit) - 1)

static void S_ystr(yajl_gen g, const char *s)
{
	yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

static void S_yint(yajl_gen g, int v)
{
	char buf[16];
	int n = snprintf(buf, sizeof buf, "%d", v);
	yajl_gen_number(g, buf, (size_t)n);
}

static void S_yspan(yajl_gen g, int a, int b)
{
	yajl_gen_array_open(g);
	S_yint(g, a);
	S_yint(g, b);
	yajl_gen_array_close(g);
}

static void S_yentity(yajl_gen g, const char *text, const char *country, const char *sector)
{
	yajl_gen_map_open(g);
	S_KEY(g, "text");
	S_ystr(g, text);
	S_KEY(g, "country");
	S_ystr(g, country);
	S_KEY(g, "sector");
	S_ystr(g, sector);
	yajl_gen_map_close(g);
}

static void S_print(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	memcpy(S_out + S_outlen, s, n);
	S_outlen += n;
}

static size_t S_yajl(yajl_gen g)
{
	S_outlen = 0;
	yajl_gen_map_open(g);
	S_KEY(g, "id");
	S_ystr(g, "2015-02-03_donbas#0");
	S_KEY(g, "doc");
	S_ystr(g, "2015-02-03_donbas");
	S_KEY(g, "sentence");
	S_yint(g, 2);
	S_KEY(g, "span");
	S_yspan(g, 152, 406);
	S_KEY(g, "text");
	yajl_gen_string(g, (const unsigned char *)S_sentence, sizeof S_sentence - 1);
	S_KEY(g, "event");
	S_ystr(g, "ASSAULT");
	S_KEY(g, "mode");
	yajl_gen_array_open(g);
	yajl_gen_array_close(g);
	S_KEY(g, "context");
	yajl_gen_array_open(g);
	yajl_gen_array_close(g);
	S_KEY(g, "cameo");
	S_ystr(g, "190");
	S_KEY(g, "actor");
	yajl_gen_array_open(g);
	S_yentity(g, "Artillery", "UKR", "MIL");
	yajl_gen_array_close(g);
	S_KEY(g, "recipient");
	yajl_gen_array_open(g);
	S_yentity(g, "hospital", "UKR", "MED");
	yajl_gen_array_close(g);
	S_KEY(g, "date");
	S_ystr(g, "2015-01-26");
	S_KEY(g, "date_precision");
	S_ystr(g, "day");
	S_KEY(g, "date_text");
	S_ystr(g, "on Monday");
	S_KEY(g, "location");
	yajl_gen_map_open(g);
	S_KEY(g, "text");
	S_ystr(g, "Donetsk");
	S_KEY(g, "name");
	S_ystr(g, "Donetsk");
	S_KEY(g, "country");
	S_ystr(g, "UKR");
	S_KEY(g, "province");
	S_ystr(g, "Donetsk");
	S_KEY(g, "lat");
	yajl_gen_number(g, "48.023", 6);
	S_KEY(g, "lon");
	yajl_gen_number(g, "37.80224", 8);
	S_KEY(g, "resolution");
	S_yint(g, 4);
	yajl_gen_map_close(g);
	S_KEY(g, "dead");
	yajl_gen_null(g);
	S_KEY(g, "injured");
	yajl_gen_null(g);
	S_KEY(g, "modality");
	S_ystr(g, "asserted");
	S_KEY(g, "attribution");
	yajl_gen_null(g);
	S_KEY(g, "trigger");
	yajl_gen_map_open(g);
	S_KEY(g, "text");
	S_ystr(g, "struck");
	S_KEY(g, "span");
	S_yspan(g, 169, 175);
	yajl_gen_map_close(g);
	S_KEY(g, "rule");
	S_ystr(g, "verb:strike");
	yajl_gen_map_close(g);
	yajl_gen_reset(g, NULL);
	return S_outlen;
}

/* MARK: - Timing */

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int S_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200000;
	if (n < 1)
		n = 1;
	yajl_gen g = yajl_gen_alloc(NULL);
	if (!g)
		return 1;
	yajl_gen_config(g, yajl_gen_print_callback, S_print, NULL);
	printf("| writer | bytes | ns per record (median of 5 x %d) |\n| --- | ---: | ---: |\n", n);
	for (int w = 0; w < 2; w++) {
		double t[5];
		size_t bytes = 0;
		for (int r = 0; r < 5; r++) {
			double t0 = S_now();
			for (int i = 0; i < n; i++)
				bytes = w == 0 ? S_jansson() : S_yajl(g);
			t[r] = (S_now() - t0) / n * 1e9;
		}
		qsort(t, 5, sizeof t[0], S_cmp);
		printf("| %s | %zu | %.0f |\n", w == 0 ? "jansson tree + json_dumpb" : "yajl generator",
		       bytes, t[2]);
	}
	yajl_gen_free(g);
	return 0;
}
