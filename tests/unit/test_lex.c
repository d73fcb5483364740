/*
 * test_lex.c — tokens, offsets and folded forms.
 */
#include "testutil.h"
#include "lex/lex.h"

typedef struct {
	const char *text;
	const char *want; /* folded tokens joined by '|' */
} S_case;

static const S_case S_cases[] = {
	{"Walid al-Moualem met Putin.", "walid|al-moualem|met|putin|."},
	{"Russia\xe2\x80\x99s strikes", "russia|'s|strikes"},
	{"Russia's strikes", "russia|'s|strikes"},
	{"the rebels' attack", "the|rebels|'|attack"},
	{"1,000 people and 3.5 million", "1,000|people|and|3.5|million"},
	{"the U.S. and U.N. said", "the|u.s.|and|u.n.|said"},
	{"U.S.-led coalition", "u.s.-led|coalition"},
	{"He didn't attack", "he|did|n't|attack"},
	{"#FAKEAI @mod_russia", "#fakeai|@mod_russia"},
	{"\xd0\x9c\xd0\xb8\xd0\xbd\xd0\xbe\xd0\xb1\xd0\xbe\xd1\x80\xd0\xbe\xd0\xbd\xd1\x8b \xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd0\xb8",
	 "\xd0\xbc\xd0\xb8\xd0\xbd\xd0\xbe\xd0\xb1\xd0\xbe\xd1\x80\xd0\xbe\xd0\xbd\xd1\x8b|\xd1\x80\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd0\xb8"},
	{"\xd8\xad\xd9\x84\xd8\xa8" " city", "\xd8\xad\xd9\x84\xd8\xa8" "|city"},
	{"\xe2\x80\x9c" "bilateral relations.\xe2\x80\x9d", "\"|bilateral|relations|.|\""},
	{"Jabhat Fattah al Sham", "jabhat|fattah|al|sham"},
	{"Secretary\xe2\x80\x91" "General", "secretary-general"},
	{"wait\xe2\x80\xa6 now", "wait|...|now"},
	{"on October 29th, 2o15", "on|october|29th|,|2o15"},
	{"non\xc2\xa0" "breaking", "non|breaking"},
	{"O'Brien's view", "o'brien|'s|view"},
	{"Ḩalab", "ḩalab"},
	{"a--b", "a|--|b"},
	{"80% of", "80|%|of"},
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof S_cases / sizeof S_cases[0]; i++) {
		dn_toks t;
		dn_toks_init(&t);
		const char *s = S_cases[i].text;
		int n = dn_lex(s, 0, (uint32_t)strlen(s), 512, &t);
		char got[512] = "";
		for (int k = 0; k < n; k++) {
			if (k)
				strcat(got, "|");
			strncat(got, dn_tok_norm(&t, &t.v[k]), t.v[k].nlen);
			/* offsets point into the text */
			assert_true(t.v[k].start < t.v[k].end);
			assert_true(t.v[k].end <= strlen(s));
		}
		if (strcmp(got, S_cases[i].want) != 0)
			fail_msg("case %zu '%s': got '%s', want '%s'", i, s, got, S_cases[i].want);
		dn_toks_clear(&t);
	}
}

static void test_flags(void **state)
{
	(void)state;
	dn_toks t;
	dn_toks_init(&t);
	const char *s = "NATO said US troops 40";
	int n = dn_lex(s, 0, (uint32_t)strlen(s), 512, &t);
	assert_int_equal(n, 5);
	assert_true(t.v[0].flags & DN_TK_ALLCAP);
	assert_false(t.v[1].flags & DN_TK_CAP);
	assert_true(t.v[2].flags & DN_TK_ALLCAP);
	assert_true(t.v[4].flags & DN_TK_NUM);
	dn_toks_clear(&t);
}

static void test_max_tokens(void **state)
{
	(void)state;
	dn_toks t;
	dn_toks_init(&t);
	const char *s = "a b c d e f g h";
	assert_int_equal(dn_lex(s, 0, (uint32_t)strlen(s), 3, &t), 3);
	dn_toks_clear(&t);
}

static void test_fold(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(dn_fold("\xc3\x89LYS\xc3\x89", 7, out, sizeof out), 7);
	assert_string_equal(out, "\xc3\xa9lys\xc3\xa9");
	dn_fold("\xe2\x80\x93", 3, out, sizeof out);
	assert_string_equal(out, "-");
	/* a tiny output buffer is never overrun */
	char small[4];
	dn_fold("abcdefgh", 8, small, sizeof small);
	assert_true(strlen(small) < sizeof small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_max_tokens),
		cmocka_unit_test(test_fold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
