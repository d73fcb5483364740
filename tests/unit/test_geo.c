/*
 * test_geo.c — the gazetteer (names, keys, ranking, load time, data
 * errors) and event locations (a table of sentences with the place each
 * should resolve to, and sentences that have none).
 *
 * Needs only this checkout: DN_DATA_DIR/places.txt, DN_GEN_DIR/cities.tsv
 * (made by the Makefile) and Debian's iso-codes.
 */
#include <math.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "geo/geo.h"

#ifndef DN_GEN_DIR
#define DN_GEN_DIR "build/gen"
#endif

/* Everything the tests share. */
static struct {
	dn_gaz *gaz;    /* loaded once by S_setup */
	double load_ms; /* how long that took */
} g;

static double S_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int S_setup(void **state)
{
	(void)state;
	dn_error err;
	double t0 = S_now_ms();
	g.gaz = dn_gaz_new(DN_DATA_DIR, DN_GEN_DIR, &err);
	g.load_ms = S_now_ms() - t0;
	if (!g.gaz) {
		fprintf(stderr, "dn_gaz_new: %s:%ld: %s\n", err.file, err.line, err.msg);
		return -1;
	}
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	dn_gaz_free(g.gaz);
	return 0;
}

/* MARK: - Gazetteer */

/* Load time is measured by `make bench`, never asserted here: a test
 * must not fail because the machine is busy. */

static void test_load(void **state)
{
	(void)state;
	/* the best of three loads, so a busy machine does not fail the test */
	for (int i = 0; i < 2; i++) {
		double t0 = S_now_ms();
		dn_gaz *gz = dn_gaz_new(DN_DATA_DIR, DN_GEN_DIR, NULL);
		double ms = S_now_ms() - t0;
		assert_non_null(gz);
		assert_int_equal(dn_gaz_size(gz), dn_gaz_size(g.gaz));
		dn_gaz_free(gz);
		if (ms < g.load_ms)
			g.load_ms = ms;
	}
	printf("# gazetteer: %zu names, %zu places, loaded in %.1f ms\n",
	       dn_gaz_size(g.gaz), dn_gaz_places(g.gaz), g.load_ms);
	assert_true(dn_gaz_size(g.gaz) > 24000);
	dn_gaz_free(NULL);
}

static void test_keys(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"Ḩalab", "halab"},
		{"Deir ez-Zor", "deir ez zor"},
		{"Sana'a", "sanaa"},
		{"Sana\xe2\x80\x99" "a", "sanaa"},
		{"The Hague", "hague"},
		{"U.S.", "us"},
		{"  Ar-Raqqah  ", "ar raqqah"},
		{"‘Ayn al ‘Arab", "ayn al arab"},
		{"Dar‘ā", "dara"},
		{"Łódź", "lodz"},
		{"the", "the"},
	};
	char out[DN_GAZ_MAX_KEY];
	for (size_t i = 0; i < DN_ARRAY_LEN(cases); i++) {
		size_t n = dn_gaz_key(cases[i][0], strlen(cases[i][0]), out, sizeof out);
		if (n != strlen(cases[i][1]) || strcmp(out, cases[i][1]) != 0)
			fail_msg("key of '%s' is '%s', want '%s'", cases[i][0], out, cases[i][1]);
	}
	char tiny[8];
	assert_int_equal(dn_gaz_key("Aleppo Governorate", 18, tiny, sizeof tiny), 0);
}

typedef struct {
	const char *name; /* folded query */
	const char *ctx;  /* context country or NULL */
	const char *want; /* canonical name, or NULL for no match */
	const char *cc;   /* its country */
	int res;          /* its resolution */
} S_find_case;

static const S_find_case S_finds[] = {
	{"aleppo", NULL, "Aleppo", "SYR", 4},
	{"halab", NULL, "Aleppo", "SYR", 4},
	{"ḩalab", NULL, "Aleppo", "SYR", 4},
	{"deir ez-zor", NULL, "Deir ez-Zor", "SYR", 4},
	{"ar-raqqah", NULL, "Raqqa", "SYR", 4},
	{"sana'a", NULL, "Sanaa", "YEM", 4},
	{"tripoli", NULL, "Tripoli", "LBY", 4},
	{"tripoli", "LBY", "Tripoli", "LBY", 4},
	{"tripoli", "LBN", "Tripoli", "LBN", 4},
	{"paris", "USA", "Paris", "FRA", 4},
	{"damascus", "USA", "Damascus", "SYR", 4},
	{"geneva", "USA", "Geneva", "CHE", 4},
	{"moscow", NULL, "Moscow", "RUS", 4},
	{"donetsk", "RUS", "Donetsk", "UKR", 4},
	{"idlib", NULL, "Idlib", "SYR", 4},
	{"syria", NULL, "Syria", "SYR", 1},
	{"syrian arab republic", NULL, "Syria", "SYR", 1},
	{"russia", NULL, "Russia", "RUS", 1},
	{"u.s.", NULL, "United States", "USA", 1},
	{"georgia", "USA", "Georgia", "GEO", 1},
	{"kiev", NULL, "Kyiv", "UKR", 4},
	{"the hague", NULL, "The Hague", "NLD", 4},
	{"kobane", NULL, "Kobani", "SYR", 4},
	{"pristina", NULL, "Pristina", "KOS", 4},
	{"march", NULL, NULL, NULL, 0},
	{"police", NULL, NULL, NULL, 0},
	{"xyzzyville", NULL, NULL, NULL, 0},
};

static void test_find(void **state)
{
	(void)state;
	for (size_t i = 0; i < DN_ARRAY_LEN(S_finds); i++) {
		const S_find_case *c = &S_finds[i];
		dn_place p;
		int ok = dn_gaz_find(g.gaz, c->name, strlen(c->name), c->ctx, &p);
		if (!c->want) {
			if (ok)
				fail_msg("'%s' found %s (%s), want nothing", c->name, p.name, p.country);
			continue;
		}
		if (!ok)
			fail_msg("'%s' not found", c->name);
		if (strcmp(p.name, c->want) != 0 || strcmp(p.country, c->cc) != 0 ||
		    p.resolution != c->res)
			fail_msg("'%s' (ctx %s) is %s %s %d, want %s %s %d", c->name,
				 c->ctx ? c->ctx : "-", p.name, p.country, p.resolution,
				 c->want, c->cc, c->res);
	}
}

static void test_query(void **state)
{
	(void)state;
	dn_place p;
	dn_gaz_query q = {.minres = DN_RES_PROVINCE, .maxres = DN_RES_PROVINCE};
	assert_true(dn_gaz_query_find(g.gaz, "idlib", 5, &q, &p));
	assert_string_equal(p.name, "Idlib");
	assert_int_equal(p.resolution, 2);
	assert_string_equal(p.province, "Idlib");
	/* strict: only places in the country, when it has one */
	q = (dn_gaz_query){.country = "LBN", .strict = 1};
	assert_true(dn_gaz_query_find(g.gaz, "tripoli", 7, &q, &p));
	assert_string_equal(p.country, "LBN");
	q.country = "FRA";
	assert_true(dn_gaz_query_find(g.gaz, "tripoli", 7, &q, &p));
	assert_string_equal(p.country, "LBY");
	/* coordinates come from libgeonames or places.txt */
	assert_true(dn_gaz_find(g.gaz, "sochi", 5, NULL, &p));
	assert_true(fabs(p.lat - 43.6) < 0.2 && fabs(p.lon - 39.7) < 0.2);
	assert_true(p.population > 100000);
	assert_true(dn_gaz_find(g.gaz, "yarmouk camp", 12, NULL, &p));
	assert_int_equal(p.resolution, 5);
	assert_true(fabs(p.lat - 33.47) < 0.1);
	assert_true(p.flags & DN_PLACE_CURATED);
	/* the first-word test used while scanning */
	assert_true(dn_gaz_is_first_word(g.gaz, "deir", 4));
	assert_true(dn_gaz_is_first_word(g.gaz, "al-habeet", 9));
	assert_false(dn_gaz_is_first_word(g.gaz, "xyzzy", 5));
}

/* A data directory with one places.txt line, for the error tests. */
static char *S_tmpdata(const char *places)
{
	static char dir[64];
	snprintf(dir, sizeof dir, "/tmp/dn-geo-XXXXXX");
	if (!mkdtemp(dir))
		return NULL;
	if (places) {
		char path[128];
		snprintf(path, sizeof path, "%s/places.txt", dir);
		FILE *f = fopen(path, "w");
		if (!f)
			return NULL;
		fputs(places, f);
		fclose(f);
	}
	return dir;
}

static void S_rmdata(const char *dir)
{
	char path[128];
	snprintf(path, sizeof path, "%s/places.txt", dir);
	unlink(path);
	rmdir(dir);
}

static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *places; /* NULL: no file */
		dn_code code;
		long line;
	} cases[] = {
		{NULL, DN_EIO, 0},
		{"# ok\nFoo | Foo | XXX | - | 1 | 2 | 4\n", DN_EFORMAT, 2},
		{"Foo | Foo | SYR | - | 1 | 2\n", DN_EFORMAT, 1},
		{"Foo | Foo | SYR | - | 91 | 2 | 4\n", DN_EFORMAT, 1},
		{"Foo | Foo | SYR | - | 1 | 2 | 7\n", DN_EFORMAT, 1},
		{"\nXyzzyville | Xyzzyville | SYR | - | - | - | 4\n", DN_EFORMAT, 2},
	};
	for (size_t i = 0; i < DN_ARRAY_LEN(cases); i++) {
		char *dir = S_tmpdata(cases[i].places);
		assert_non_null(dir);
		dn_error err;
		dn_gaz *gz = dn_gaz_new(dir, DN_GEN_DIR, &err);
		if (gz)
			fail_msg("case %zu loaded", i);
		assert_int_equal(err.code, cases[i].code);
		assert_int_equal(err.line, cases[i].line);
		assert_non_null(strstr(err.file, "places.txt"));
		S_rmdata(dir);
	}
	/* a missing city table */
	dn_error err;
	assert_null(dn_gaz_new(DN_DATA_DIR, "/nonexistent", &err));
	assert_int_equal(err.code, DN_EIO);
	assert_null(dn_gaz_new(DN_DATA_DIR, "/nonexistent", NULL));
}

/* MARK: - Event locations */

typedef struct {
	const char *s;     /* the sentence */
	const char *trig;  /* the trigger word (first token with this form) */
	const char *ctx;   /* the article's country, or NULL */
	const char *name;  /* expected canonical name, NULL for no location */
	const char *cc;    /* expected country */
	const char *prov;  /* expected province, or NULL not to check */
	int res;           /* expected resolution */
	const char *text;  /* expected text, or NULL not to check */
} S_loc_case;

static const S_loc_case S_locs[] = {
	/* Syria */
	{"Government airstrikes killed 40 people in Aleppo on Monday.", "killed", NULL,
	 "Aleppo", "SYR", "Aleppo", 4, "Aleppo"},
	{"Fighting raged in Halab overnight.", "raged", NULL, "Aleppo", "SYR", NULL, 4, "Halab"},
	{"Government forces advanced in eastern Aleppo.", "advanced", NULL,
	 "Aleppo", "SYR", NULL, 4, "eastern Aleppo"},
	{"Heavy fighting was reported in rebel-held eastern Aleppo.", "fighting", NULL,
	 "Aleppo", "SYR", NULL, 4, "eastern Aleppo"},
	{"Rebel-held western Aleppo came under heavy fire.", "fire", NULL,
	 "Aleppo", "SYR", NULL, 4, "western Aleppo"},
	{"The army shelled the Syrian city of Aleppo.", "shelled", NULL,
	 "Aleppo", "SYR", NULL, 4, "Aleppo"},
	{"Shelling in Aleppo Governorate killed nine.", "killed", NULL,
	 "Aleppo", "SYR", "Aleppo", 2, "Aleppo Governorate"},
	{"Warplanes struck Raqqa on Sunday.", "struck", NULL, "Raqqa", "SYR", NULL, 4, "Raqqa"},
	{"Clashes erupted in Rakka.", "erupted", NULL, "Raqqa", "SYR", NULL, 4, NULL},
	{"Jets bombed targets in Ar-Raqqah.", "bombed", NULL, "Raqqa", "SYR", NULL, 4, "Ar-Raqqah"},
	{"Airstrikes hit al-Raqqa, activists said.", "hit", NULL, "Raqqa", "SYR", NULL, 4, "al-Raqqa"},
	{"Shelling killed five people in Deir ez-Zor.", "killed", NULL,
	 "Deir ez-Zor", "SYR", NULL, 4, "Deir ez-Zor"},
	{"Islamic State fighters besieged Deir el-Zour for months.", "besieged", NULL,
	 "Deir ez-Zor", "SYR", NULL, 4, NULL},
	{"Clashes in Dayr az Zawr left 12 dead.", "clashes", NULL, "Deir ez-Zor", "SYR", NULL, 4, NULL},
	{"Fighting in Deir Ezzor province intensified.", "fighting", NULL,
	 "Deir ez-Zor", "SYR", "Deir ez-Zor", 2, "Deir Ezzor province"},
	{"Activists said 40 people were killed near al-Habeet in the northern province of Idlib.",
	 "killed", NULL, "Idlib", "SYR", "Idlib", 2, "al-Habeet"},
	{"Clashes in Idlib province killed eight.", "killed", NULL,
	 "Idlib", "SYR", "Idlib", 2, "Idlib province"},
	{"Airstrikes pounded rebel positions in Idlib and Homs Provinces.", "pounded", NULL,
	 "Idlib", "SYR", "Idlib", 2, "Idlib"},
	{"Airstrikes in northern Syria's Idlib province killed nine.", "killed", NULL,
	 "Idlib", "SYR", "Idlib", 2, "Idlib province"},
	{"A car bomb exploded 20 km south of Damascus.", "exploded", NULL,
	 "Damascus", "SYR", NULL, 4, "south of Damascus"},
	{"Shelling in Hims killed three civilians.", "killed", NULL, "Homs", "SYR", NULL, 4, NULL},
	{"Protests erupted in Deraa in March 2011.", "erupted", NULL, "Daraa", "SYR", NULL, 4, "Deraa"},
	{"Troops stormed Douma in Eastern Ghouta.", "stormed", NULL, "Douma", "SYR", NULL, 4, "Douma"},
	{"Airstrikes in Eastern Ghouta killed 20.", "killed", NULL,
	 "Eastern Ghouta", "SYR", NULL, 3, "Eastern Ghouta"},
	{"Shelling hit the Yarmouk camp in Damascus.", "hit", NULL, "Yarmouk", "SYR", NULL, 5, NULL},
	{"Fighting in Hajar al-Aswad killed four.", "killed", NULL,
	 "Hajar al-Aswad", "SYR", NULL, 5, "Hajar al-Aswad"},
	{"Mortar rounds landed in Latakia.", "landed", NULL, "Latakia", "SYR", NULL, 4, NULL},
	{"A blast hit Tartous.", "hit", NULL, "Tartus", "SYR", NULL, 4, NULL},
	{"Bombs fell on the northern Syrian town of Kobani.", "fell", NULL,
	 "Kobani", "SYR", NULL, 4, "Kobani"},
	{"Kurdish fighters retook Kobane in January.", "retook", NULL, "Kobani", "SYR", NULL, 4, NULL},
	{"Clashes continued in Ayn al-Arab.", "continued", NULL, "Kobani", "SYR", NULL, 4, NULL},
	{"Militants blew up temples in Tadmur.", "blew", NULL, "Palmyra", "SYR", NULL, 4, NULL},
	{"Battles raged in Manbij.", "raged", NULL, "Manbij", "SYR", NULL, 4, NULL},
	{"Turkish troops entered Afrin.", "entered", NULL, "Afrin", "SYR", NULL, 4, NULL},
	{"Troops advanced toward Jarabulus.", "advanced", NULL, "Jarabulus", "SYR", NULL, 4, NULL},
	{"Rebels seized al-Bab after weeks of fighting.", "seized", NULL, "al-Bab", "SYR", NULL, 4, NULL},
	{"Fighting raged in Syria.", "raged", NULL, "Syria", "SYR", NULL, 1, "Syria"},
	{"The siege of Eastern Ghouta continued.", "siege", NULL,
	 "Eastern Ghouta", "SYR", NULL, 3, "Eastern Ghouta"},
	{"Residents fled Aleppo's eastern districts.", "fled", NULL, "Aleppo", "SYR", NULL, 4, NULL},
	{"The attack took place in the village of Kafr Halab in the Aleppo countryside.", "attack",
	 NULL, "Aleppo", "SYR", "Aleppo", 2, "Kafr Halab"},
	{"Putin met Moualem the resort town of Sochi for talks.", "met", NULL,
	 "Sochi", "RUS", NULL, 4, "Sochi"},
	/* Iraq */
	{"Iraqi troops advanced on Mosul.", "advanced", NULL, "Mosul", "IRQ", NULL, 4, NULL},
	{"Iraqi forces retook Falluja.", "retook", NULL, "Fallujah", "IRQ", NULL, 4, NULL},
	{"A suicide bomber struck a market in Ramadi.", "struck", NULL, "Ramadi", "IRQ", NULL, 4, NULL},
	{"Protesters gathered in Irbil.", "gathered", NULL, "Erbil", "IRQ", NULL, 4, NULL},
	{"An explosion in Basra killed two.", "explosion", NULL, "Basra", "IRQ", NULL, 4, NULL},
	{"Militants attacked Tikrit.", "attacked", NULL, "Tikrit", "IRQ", NULL, 4, NULL},
	/* Yemen */
	{"Saudi-led jets bombed Sanaa.", "bombed", NULL, "Sanaa", "YEM", NULL, 4, NULL},
	{"Houthi rebels seized Aden.", "seized", NULL, "Aden", "YEM", NULL, 4, NULL},
	{"Airstrikes on Hodeidah killed 12.", "killed", NULL, "Hodeidah", "YEM", NULL, 4, "Hodeidah"},
	{"Heavy fighting continued in Taiz.", "fighting", NULL, "Taiz", "YEM", NULL, 4, NULL},
	/* Libya */
	{"Militias clashed in Tripoli on Friday.", "clashed", "LBY", "Tripoli", "LBY", NULL, 4, NULL},
	{"Militias clashed in Tripoli on Friday.", "clashed", "LBN", "Tripoli", "LBN", NULL, 4, NULL},
	{"Clashes in Tripoli, Lebanon, killed two.", "killed", NULL,
	 "Tripoli", "LBN", NULL, 4, "Tripoli, Lebanon"},
	{"Militants attacked a checkpoint in Benghazi.", "attacked", NULL, "Benghazi", "LBY", NULL, 4, NULL},
	{"Clashes erupted in Misurata.", "erupted", NULL, "Misrata", "LBY", NULL, 4, NULL},
	{"Troops entered Surt.", "entered", NULL, "Sirte", "LBY", NULL, 4, NULL},
	/* Palestine */
	{"Israeli airstrikes on Gaza City killed eight.", "killed", NULL,
	 "Gaza City", "PSE", NULL, 4, "Gaza City"},
	{"Clashes broke out near Hebron in the West Bank.", "clashes", NULL,
	 "Hebron", "PSE", NULL, 4, "Hebron"},
	/* Ukraine and Russia */
	{"Separatists shelled positions near Donetsk.", "shelled", "RUS", "Donetsk", "UKR", NULL, 4, NULL},
	{"Russia annexed Crimea in 2014.", "annexed", NULL, "Crimea", "UKR", NULL, 2, NULL},
	{"Protesters rallied in Kiev.", "rallied", NULL, "Kyiv", "UKR", NULL, 4, NULL},
	{"Officials in Kiev accused Russia of sending troops into eastern Ukraine.", "sending", NULL,
	 "Ukraine", "UKR", NULL, 1, "eastern Ukraine"},
	{"In a surprise visit to Moscow, Assad met Putin to discuss the situation in Syria.", "met",
	 NULL, "Moscow", "RUS", NULL, 4, NULL},
	{"Clashes in Odessa left dozens dead.", "clashes", NULL, "Odesa", "UKR", NULL, 4, NULL},
	{"Putin met Syrian Foreign Minister Walid al-Moualem in Sochi on Wednesday.", "met", NULL,
	 "Sochi", "RUS", NULL, 4, "Sochi"},
	{"Kerry and Lavrov met in Moscow.", "met", NULL, "Moscow", "RUS", NULL, 4, NULL},
	{"Putin hosted the Sochi talks.", "talks", NULL, "Sochi", "RUS", NULL, 4, NULL},
	/* Africa */
	{"Islamists captured Timbuktu.", "captured", NULL, "Timbuktu", "MLI", NULL, 4, NULL},
	{"French troops entered Gao on Saturday.", "entered", NULL, "Gao", "MLI", NULL, 4, NULL},
	{"Boko Haram fighters attacked Diffa.", "attacked", NULL, "Diffa", "NER", NULL, 4, NULL},
	{"A suicide bomber killed 20 in Maiduguri.", "killed", NULL, "Maiduguri", "NGA", NULL, 4, NULL},
	{"A blast in Mogadishu killed five.", "killed", NULL, "Mogadishu", "SOM", NULL, 4, NULL},
	{"Leaders met in N'Djamena.", "met", NULL, "N'Djamena", "TCD", NULL, 4, NULL},
	/* elsewhere */
	{"Talks resumed in Lausanne, Switzerland, on Saturday.", "resumed", NULL,
	 "Lausanne", "CHE", NULL, 4, "Lausanne, Switzerland"},
	{"Delegations gathered in Geneva for talks.", "gathered", "USA", "Geneva", "CHE", NULL, 4, NULL},
	{"Ministers met in Paris.", "met", "USA", "Paris", "FRA", NULL, 4, NULL},
	{"Talks were held in Astana.", "held", NULL, "Astana", "KAZ", NULL, 4, NULL},
	{"Zarif met Lavrov in Teheran.", "met", NULL, "Tehran", "IRN", NULL, 4, NULL},
	{"Xi met Putin in Beijing.", "met", NULL, "Beijing", "CHN", NULL, 4, NULL},
	{"Taliban fighters attacked a base in Kabul.", "attacked", NULL, "Kabul", "AFG", NULL, 4, NULL},
	{"The two leaders met in Washington on Tuesday.", "met", NULL, "Washington", "USA", NULL, 4, NULL},
	{"HEAVY CLASHES IN ALEPPO KILL 20", "kill", NULL, "Aleppo", "SYR", NULL, 4, NULL},
	/* the nearest expression in the clause wins */
	{"Rebels in Aleppo said government jets killed 20 people in Homs.", "killed", NULL,
	 "Homs", "SYR", NULL, 4, NULL},
	/* no location */
	{"Moscow said on Monday that it would send more jets.", "said", NULL, NULL, NULL, NULL, 0, NULL},
	{"Moscow said on Monday that it would send more jets.", "send", NULL, NULL, NULL, NULL, 0, NULL},
	{"The Syrian government denied the report.", "denied", NULL, NULL, NULL, NULL, 0, NULL},
	{"Damascus accused Ankara of supporting terrorists.", "accused", NULL, NULL, NULL, NULL, 0, NULL},
	{"The Aleppo Media Center reported the attack.", "reported", NULL, NULL, NULL, NULL, 0, NULL},
	{"Washington urged Moscow to halt the strikes.", "urged", NULL, NULL, NULL, NULL, 0, NULL},
	{"Attacks on Damascus government forces continued.", "continued", NULL, NULL, NULL, NULL, 0, NULL},
	{"Russia's foreign ministry said talks would resume in March.", "resume", NULL,
	 NULL, NULL, NULL, 0, NULL},
	{"The UN envoy met officials at the United Nations.", "met", NULL, NULL, NULL, NULL, 0, NULL},
	{"Fighting continued in the South.", "fighting", NULL, NULL, NULL, NULL, 0, NULL},
	{"The meeting took place in April.", "meeting", NULL, NULL, NULL, NULL, 0, NULL},
	{"Clashes in Latin America.", "clashes", NULL, NULL, NULL, NULL, 0, NULL},
	{"Putin met Obama at the White House.", "met", NULL, NULL, NULL, NULL, 0, NULL},
	{"Officials thanked Moscow for its support.", "thanked", NULL, NULL, NULL, NULL, 0, NULL},
};

static int S_find_trigger(const dn_toks *t, const char *w)
{
	for (int i = 0; i < t->n; i++)
		if (t->v[i].nlen == strlen(w) && memcmp(dn_tok_norm(t, &t->v[i]), w, t->v[i].nlen) == 0)
			return i;
	return -1;
}

static void test_locate_table(void **state)
{
	(void)state;
	dn_toks t;
	dn_toks_init(&t);
	int bad = 0;
	for (size_t i = 0; i < DN_ARRAY_LEN(S_locs); i++) {
		const S_loc_case *c = &S_locs[i];
		dn_toks_reset(&t);
		int n = dn_lex(c->s, 0, (uint32_t)strlen(c->s), DN_MAX_SENT_TOKENS, &t);
		assert_true(n > 0);
		int trig = S_find_trigger(&t, c->trig);
		assert_true(trig >= 0);
		dn_loc loc;
		int ok = dn_geo_locate(g.gaz, c->s, &t, 0, t.n, trig, c->ctx, &loc);
		const char *why = NULL;
		if (!c->name && ok)
			why = "a location where none is";
		else if (c->name && !ok)
			why = "no location";
		else if (c->name && (strcmp(loc.place.name, c->name) != 0 ||
				     strcmp(loc.place.country, c->cc) != 0 ||
				     loc.place.resolution != c->res))
			why = "another place";
		else if (c->name && c->prov &&
			 (!loc.place.province || strcmp(loc.place.province, c->prov) != 0))
			why = "another province";
		else if (c->name && c->text &&
			 (loc.end - loc.start != strlen(c->text) ||
			  memcmp(c->s + loc.start, c->text, strlen(c->text)) != 0))
			why = "another text";
		if (why) {
			bad++;
			if (ok)
				printf("case %zu '%s': %s: got '%.*s' -> %s %s %s %d\n", i, c->s, why,
				       (int)(loc.end - loc.start), c->s + loc.start,
				       loc.place.name, loc.place.country,
				       loc.place.province ? loc.place.province : "-",
				       loc.place.resolution);
			else
				printf("case %zu '%s': %s\n", i, c->s, why);
		}
	}
	dn_toks_clear(&t);
	printf("# %zu location cases, %d wrong\n", DN_ARRAY_LEN(S_locs), bad);
	assert_int_equal(bad, 0);
}

static void test_locate_edges(void **state)
{
	(void)state;
	dn_toks t;
	dn_toks_init(&t);
	const char *s = "Jets struck in Aleppo.";
	dn_lex(s, 0, (uint32_t)strlen(s), DN_MAX_SENT_TOKENS, &t);
	dn_loc loc;
	/* empty or invalid ranges find nothing and do not crash */
	assert_false(dn_geo_locate(g.gaz, s, &t, 0, 0, 0, NULL, &loc));
	assert_false(dn_geo_locate(g.gaz, s, &t, 2, 1, 0, NULL, &loc));
	assert_false(dn_geo_locate(g.gaz, s, &t, 0, t.n + 1, 0, NULL, &loc));
	assert_false(dn_geo_locate(NULL, s, &t, 0, t.n, 0, NULL, &loc));
	/* a range that stops before the place */
	assert_false(dn_geo_locate(g.gaz, s, &t, 0, 3, 1, NULL, &loc));
	/* the trigger outside the range falls back to its start */
	assert_true(dn_geo_locate(g.gaz, s, &t, 0, t.n, 99, NULL, &loc));
	assert_string_equal(loc.place.name, "Aleppo");
	/* a long run of capitalised words and prepositions stays bounded */
	dn_buf b;
	dn_buf_init(&b);
	for (int i = 0; i < 200; i++)
		dn_buf_adds(&b, "in Al Foo Bar Baz of the north of ");
	dn_buf_adds(&b, "Aleppo.");
	dn_toks_reset(&t);
	dn_lex(b.p, 0, (uint32_t)b.len, DN_MAX_SENT_TOKENS, &t);
	assert_int_equal(t.n, DN_MAX_SENT_TOKENS);
	double t0 = S_now_ms();
	(void)dn_geo_locate(g.gaz, b.p, &t, 0, t.n, t.n / 2, NULL, &loc);
	/* a guard against quadratic work (~2 ms when linear), not a speed test */
	assert_true(S_now_ms() - t0 < 2000.0);
	dn_buf_clear(&b);
	dn_toks_clear(&t);
}

/* Whether two answers of the locator are the same. */
static int S_same_loc(int ok1, const dn_loc *a, int ok2, const dn_loc *b)
{
	if (ok1 != ok2)
		return 0;
	if (!ok1)
		return 1;
	const dn_place *p = &a->place, *q = &b->place;
	return a->start == b->start && a->end == b->end && p->name == q->name &&
	       strcmp(p->country, q->country) == 0 && p->province == q->province &&
	       memcmp(&p->lat, &q->lat, sizeof p->lat) == 0 &&
	       memcmp(&p->lon, &q->lon, sizeof p->lon) == 0 &&
	       p->resolution == q->resolution && p->population == q->population &&
	       p->flags == q->flags;
}

/* Sentences with several places, for several triggers each. */
static const char *const S_multi[] = {
	"Russian jets bombed Aleppo on Monday while rebels shelled Damascus and "
	"clashes erupted near al-Habeet in the northern province of Idlib.",
	"Turkish troops entered Afrin, Syria's Kurdish enclave, after talks in "
	"Sochi failed; protesters marched in Istanbul and police fired tear gas.",
	"The army said it killed 12 militants south of Mosul, but residents of "
	"the besieged city of Tal Afar reported air strikes on the Syrian border.",
	"Lausanne, Switzerland hosted the talks -- delegates from Tripoli in "
	"northern Lebanon and Aden met the Damascus government envoy in Geneva.",
};

/* dn_geo_prepare once, dn_geo_pick for every token as the trigger, in
 * both orders, the country changing between picks: each answer is what
 * dn_geo_locate gives. One scan serves every sentence, so its remembered
 * word facts are used across sentences too. */
static void test_prepare_pick(void **state)
{
	(void)state;
	static const char *const ctxs[] = {NULL, "SYR", "SYR", "UKR", "", "LBN", "TUR"};
	dn_geo_scan *x = dn_geo_scan_new();
	assert_non_null(x);
	dn_loc a, b;
	assert_false(dn_geo_pick(x, 0, NULL, &b)); /* nothing prepared yet */
	dn_toks t;
	dn_toks_init(&t);
	size_t nsent = DN_ARRAY_LEN(S_multi) + DN_ARRAY_LEN(S_locs);
	int picks = 0, found = 0;
	for (size_t si = 0; si < nsent; si++) {
		const char *s = si < DN_ARRAY_LEN(S_multi) ? S_multi[si]
			: S_locs[si - DN_ARRAY_LEN(S_multi)].s;
		dn_toks_reset(&t);
		assert_true(dn_lex(s, 0, (uint32_t)strlen(s), DN_MAX_SENT_TOKENS, &t) > 0);
		/* the whole sentence, then a part of it */
		for (int part = 0; part < 2; part++) {
			int first = part ? 1 : 0, last = part ? t.n - 1 : t.n;
			if (first >= last)
				continue;
			assert_true(dn_geo_prepare(x, g.gaz, s, &t, first, last));
			for (int round = 0; round < 2; round++) {
				for (int j = -1; j <= t.n; j++) {
					int trig = round ? t.n - 1 - j : j; /* -1, t.n: outside */
					const char *ctx = ctxs[(size_t)(j + 1 + round) % DN_ARRAY_LEN(ctxs)];
					int ok1 = dn_geo_locate(g.gaz, s, &t, first, last, trig, ctx, &a);
					int ok2 = dn_geo_pick(x, trig, ctx, &b);
					if (!S_same_loc(ok1, &a, ok2, &b))
						printf("'%s' [%d, %d) trigger %d ctx %s: %d '%.*s' / %d '%.*s'\n",
						       s, first, last, trig, ctx ? ctx : "-", ok1,
						       ok1 ? (int)(a.end - a.start) : 0, ok1 ? s + a.start : "",
						       ok2, ok2 ? (int)(b.end - b.start) : 0,
						       ok2 ? s + b.start : "");
					assert_true(S_same_loc(ok1, &a, ok2, &b));
					picks++;
					found += ok1;
				}
			}
		}
	}
	printf("# %d picks, %d with a place\n", picks, found);
	assert_true(found > 0);
	/* a failed prepare leaves nothing to pick from */
	assert_false(dn_geo_prepare(x, g.gaz, "", &t, 0, 0));
	assert_false(dn_geo_pick(x, 0, NULL, &b));
	dn_toks_clear(&t);
	dn_geo_scan_free(x);
	dn_geo_scan_free(NULL);
}

/* DN_GEO_MAX_TOKENS: a longer range is refused, the limit itself is not. */
static void test_prepare_limit(void **state)
{
	(void)state;
	dn_buf b;
	dn_buf_init(&b);
	for (int i = 0; i < 200; i++)
		dn_buf_adds(&b, "Jets struck in Aleppo and ");
	dn_buf_adds(&b, "Homs.");
	dn_toks t;
	dn_toks_init(&t);
	dn_lex(b.p, 0, (uint32_t)b.len, DN_GEO_MAX_TOKENS + 1, &t);
	assert_int_equal(t.n, DN_GEO_MAX_TOKENS + 1);
	dn_geo_scan *x = dn_geo_scan_new();
	assert_non_null(x);
	dn_loc loc;
	assert_false(dn_geo_prepare(x, g.gaz, b.p, &t, 0, t.n));
	assert_false(dn_geo_pick(x, 3, NULL, &loc));
	assert_false(dn_geo_locate(g.gaz, b.p, &t, 0, t.n, 3, NULL, &loc));
	assert_true(dn_geo_prepare(x, g.gaz, b.p, &t, 1, t.n));
	assert_true(dn_geo_pick(x, 1, NULL, &loc));
	assert_string_equal(loc.place.name, "Aleppo");
	assert_true(dn_geo_locate(g.gaz, b.p, &t, 1, t.n, 1, NULL, &loc));
	assert_string_equal(loc.place.name, "Aleppo");
	dn_geo_scan_free(x);
	dn_toks_clear(&t);
	dn_buf_clear(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_locate_table),
		cmocka_unit_test(test_locate_edges),
		cmocka_unit_test(test_prepare_pick),
		cmocka_unit_test(test_prepare_limit),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
