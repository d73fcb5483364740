/*
 * test_dict.c — loading dictionaries, their errors (file:line), matching
 * of actor phrases with dates and case, and lemmas through WordNet.
 */
#include <sys/stat.h>

#include "testutil.h"
#include "chunk/chunk.h"
#include "dict/dict.h"

static char S_dir[256];

static void S_write(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", S_dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void S_minimal(void)
{
	snprintf(S_dir, sizeof S_dir, "/tmp/dn-dict-XXXXXX");
	assert_non_null(mkdtemp(S_dir));
	S_write("manifest.txt", "lexicon.txt | lexicon\ncountries.txt | countries\n"
				"actors.txt | actors\nagents.txt | agents\npeople.txt | people\n"
				"verbs.txt | verbs\nnouns.txt | nouns\nplaces.txt | places\n");
	S_write("lexicon.txt", "# test\nthe | det\nsaid | say\nnot | neg\n");
	S_write("countries.txt", "Russian | RUS | - | adj\nSyrian | SYR | - | adj\n"
				 "US | USA | - | name\nTurkey | TUR | - | name\nMoscow | RUS | GOV | capital\n");
	S_write("actors.txt", "Amnesty International | NGO | - | Amnesty International\n"
			      "al-Qaeda | IMG | REB | al-Qaeda\n");
	S_write("agents.txt", "army | MIL | agent\nrebels | REB | agent\nForeign Minister | GOV | title\n");
	S_write("people.txt", "Ban Ki-moon | Ban | UNO | GOV | Secretary-General | 2007-01-01 | 2016-12-31\n"
			      "Antonio Guterres | Guterres | UNO | GOV | Secretary-General | 2017-01-01 | -\n"
			      "Antonio Guterres | Guterres | PRT | GOV | Prime Minister | 1995-10-28 | 2002-04-06\n");
	S_write("verbs.txt", "meet | CONSULT | - | - | 036 | recip,prep:with\n"
			     "drop * bomb on | ASSAULT | aerial | - | 195 | prep:on\n");
	S_write("nouns.txt", "airstrike | ASSAULT | aerial | - | 195 | prep:on,against\n");
	S_write("places.txt", "# none\n");
}

static int S_teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", S_dir);
	return system(cmd) == 0 ? 0 : -1;
}

typedef struct {
	int n;
	char first[512];
} S_problems;

static void S_collect(void *ctx, const dn_error *e)
{
	S_problems *p = ctx;
	if (p->n++ == 0)
		snprintf(p->first, sizeof p->first, "%.100s:%ld: %.200s", e->file, e->line, e->msg);
}

static void test_errors_name_file_and_line(void **state)
{
	(void)state;
	S_minimal();
	S_write("agents.txt", "army | MIL | agent\nrebels | XYZ | agent\npolice | COP\n");
	S_problems p = {0};
	int n = dn_dict_check(S_dir, S_collect, &p);
	assert_int_equal(n, 2);
	assert_string_equal(p.first, "agents.txt:2: unknown sector 'XYZ'");
	dn_error err;
	assert_null(dn_dict_new(S_dir, &err));
	assert_string_equal(err.file, "agents.txt");
	assert_int_equal(err.line, 2);
}

static void test_pattern_errors(void **state)
{
	(void)state;
	S_minimal();
	S_write("verbs.txt", "meet | CONSULT | - | - | 036 | recip\n"
			     "smash | SMASH | - | - | 190 | obj\n"
			     "hit | ASSAULT | - | - | 19x | obj\n"
			     "* strike | ASSAULT | - | - | 190 | obj\n"
			     "kick | ASSAULT | - | - | 190 | sideways\n");
	S_problems p = {0};
	assert_int_equal(dn_dict_check(S_dir, S_collect, &p), 4);
	assert_string_equal(p.first, "verbs.txt:2: 'SMASH' is not a PLOVER category");
}

static void test_missing_file(void **state)
{
	(void)state;
	S_minimal();
	S_write("manifest.txt", "lexicon.txt | lexicon\nnothere.txt | verbs\n");
	dn_error err;
	assert_null(dn_dict_new(S_dir, &err));
	assert_string_equal(err.file, "nothere.txt");
	assert_true(strstr(err.msg, "cannot open") != NULL);
}

/* Names go into the JSON output as they are, so a data file must be UTF-8. */
static void test_invalid_utf8_named(void **state)
{
	(void)state;
	S_minimal();
	S_write("agents.txt", "army | MIL | agent\npolic\xe9 | COP | agent\n");
	S_problems p = {0};
	assert_int_equal(dn_dict_check(S_dir, S_collect, &p), 1);
	assert_string_equal(p.first, "agents.txt:2: invalid UTF-8 (byte 6 of the line)");
	S_write("agents.txt", "army | MIL | agent\n");
	S_write("places.txt", "# fine\nZ\xc3\xbcrich | Zurich | CHE | - | 47.37 | 8.54 | 4\nBad\xff | Bad | SYR | - | - | - | 4\n");
	dn_error err;
	assert_null(dn_dict_new(S_dir, &err));
	assert_int_equal(err.line, 3);
	assert_true(strstr(err.msg, "invalid UTF-8") != NULL);
}

static int S_match_text(const dn_dict *d, const char *text, int32_t date,
			const dn_actor **out)
{
	dn_toks t;
	dn_toks_init(&t);
	int n = dn_lex(text, 0, (uint32_t)strlen(text), 64, &t);
	dn_dict_annotate(d, &t, 0, n);
	uint32_t node;
	int len = dn_dict_match(d, &t, 0, n, &node);
	*out = len ? dn_dict_pick(d, node, date, 0) : NULL;
	dn_toks_clear(&t);
	return len;
}

static void test_matching(void **state)
{
	(void)state;
	S_minimal();
	dn_error err;
	dn_dict *d = dn_dict_new(S_dir, &err);
	if (!d)
		fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
	const dn_actor *a;
	assert_int_equal(S_match_text(d, "Amnesty International said", 0, &a), 2);
	assert_string_equal(a->country, "NGO");
	/* "US" only in capitals: the pronoun "us" is not the country */
	assert_int_equal(S_match_text(d, "US troops", 0, &a), 1);
	assert_string_equal(a->country, "USA");
	assert_int_equal(S_match_text(d, "us", 0, &a), 0);
	assert_int_equal(S_match_text(d, "turkey", 0, &a), 0);
	assert_int_equal(S_match_text(d, "al-Qaeda fighters", 0, &a), 1);
	/* plural agent through WordNet: "armies" → "army" */
	assert_int_equal(S_match_text(d, "armies", 0, &a), 1);
	assert_int_equal(a->sector, dn_sector_find("MIL", 3));
	/* the term that contains the date wins */
	assert_int_equal(S_match_text(d, "Antonio Guterres", 20000101, &a), 2);
	assert_string_equal(a->country, "PRT");
	assert_int_equal(S_match_text(d, "Antonio Guterres", 20180101, &a), 2);
	assert_string_equal(a->country, "UNO");
	/* ISO names come from iso-codes */
	assert_int_equal(S_match_text(d, "Switzerland", 0, &a), 1);
	assert_string_equal(a->country, "CHE");
	dn_dict_free(d);
}

static void test_lemmas(void **state)
{
	(void)state;
	S_minimal();
	dn_error err;
	dn_dict *d = dn_dict_new(S_dir, &err);
	assert_non_null(d);
	const char *forms[] = {"met", "meets", "meeting", "dropped", "bombs", "airstrikes"};
	const char *lemmas[] = {"meet", "meet", "meet", "drop", "bomb", "airstrike"};
	for (size_t i = 0; i < 6; i++) {
		dn_toks t;
		dn_toks_init(&t);
		dn_lex(forms[i], 0, (uint32_t)strlen(forms[i]), 4, &t);
		dn_dict_annotate(d, &t, 0, 1);
		uint32_t want = dn_dict_word(d, lemmas[i], strlen(lemmas[i]));
		assert_true(want != 0);
		if (t.v[0].lemma != want)
			fail_msg("%s: lemma id %u, want %u (%s)", forms[i], t.v[0].lemma, want, lemmas[i]);
		dn_toks_clear(&t);
	}
	dn_dict_free(d);
}

static void test_surname_after_full_name(void **state)
{
	(void)state;
	S_minimal();
	dn_error err;
	dn_dict *d = dn_dict_new(S_dir, &err);
	assert_non_null(d);
	dn_coref coref;
	dn_coref_reset(&coref);
	dn_ent ents[16];
	const char *s1 = "Ki-moon said the army met rebels.";
	dn_toks t;
	dn_toks_init(&t);
	int n = dn_lex(s1, 0, (uint32_t)strlen(s1), 64, &t);
	dn_dict_annotate(d, &t, 0, n);
	int ne = dn_chunk(d, &t, 0, n, 20100101, &coref, ents, 16);
	/* "Ki-moon" is no variant: unknown until the full name appeared */
	assert_true(ne >= 2);
	assert_int_equal(ents[0].person, 0);
	dn_toks_clear(&t);
	dn_dict_free(d);
}

static void test_real_data_loads(void **state)
{
	(void)state;
	dn_error err;
	dn_dict *d = dn_dict_new(DN_DATA_DIR, &err);
	if (!d)
		fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
	assert_true(d->npeople >= 2000);
	assert_true(d->npats >= 2000);
	/* every PLOVER category has patterns */
	int seen[DN_NEVENTS + 1] = {0};
	for (size_t i = 0; i < d->npats; i++)
		seen[d->pats[i].event]++;
	for (int e = 1; e <= DN_NEVENTS; e++)
		if (seen[e] < 20)
			fail_msg("%s has only %d patterns", dn_event_names[e], seen[e]);
	dn_dict_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_errors_name_file_and_line, S_teardown),
		cmocka_unit_test_teardown(test_pattern_errors, S_teardown),
		cmocka_unit_test_teardown(test_missing_file, S_teardown),
		cmocka_unit_test_teardown(test_invalid_utf8_named, S_teardown),
		cmocka_unit_test_teardown(test_matching, S_teardown),
		cmocka_unit_test_teardown(test_lemmas, S_teardown),
		cmocka_unit_test_teardown(test_surname_after_full_name, S_teardown),
		cmocka_unit_test(test_real_data_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
