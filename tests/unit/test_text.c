/*
 * test_text.c — decoding, boilerplate regions, datelines and sentences.
 */
#include "testutil.h"
#include "text/text.h"

static dn_layout S_lay(dn_arena *a, const char *s)
{
	dn_layout l;
	assert_int_equal(dn_layout_build(s, strlen(s), a, &l), 0);
	return l;
}

static void S_sent_is(const char *s, const dn_layout *l, int i, const char *want)
{
	assert_true(i < l->nsents);
	size_t n = l->sents[i].end - l->sents[i].start;
	if (n != strlen(want) || memcmp(s + l->sents[i].start, want, n) != 0)
		fail_msg("sentence %d is '%.*s', want '%s'", i, (int)n,
			 s + l->sents[i].start, want);
}

static void test_decode_keeps_offsets(void **state)
{
	(void)state;
	const char in[] = "ab\xff" "c\0d\r\ne\rf \xe2\x80\x9cq\xe2\x80";
	size_t n = sizeof in - 1;
	char out[sizeof in];
	size_t bad, nul;
	dn_text_decode(in, n, out, &bad, &nul);
	assert_int_equal(bad, 3);
	assert_int_equal(nul, 1);
	assert_memory_equal(out, "ab?c d \ne\nf \xe2\x80\x9cq??", n);
}

static void test_abbreviations(void **state)
{
	(void)state;
	dn_arena a;
	dn_arena_init(&a);
	const char *s = "Gen. Smith met Mr. Jones of the U.N. in Sept. last year. "
			"The U.S. army said 3.5 million people fled. "
			"He left on Jan. 5. \xe2\x80\x9cWe won,\xe2\x80\x9d he said. "
			"They agreed.";
	dn_layout l = S_lay(&a, s);
	assert_int_equal(l.nsents, 5);
	S_sent_is(s, &l, 0, "Gen. Smith met Mr. Jones of the U.N. in Sept. last year.");
	S_sent_is(s, &l, 1, "The U.S. army said 3.5 million people fled.");
	S_sent_is(s, &l, 2, "He left on Jan. 5.");
	S_sent_is(s, &l, 4, "They agreed.");
	dn_arena_clear(&a);
}

static void test_quote_closes_sentence(void **state)
{
	(void)state;
	dn_arena a;
	dn_arena_init(&a);
	const char *s = "He said \xe2\x80\x9cit is over.\xe2\x80\x9d Then he left (quietly.) Done.";
	dn_layout l = S_lay(&a, s);
	assert_int_equal(l.nsents, 3);
	S_sent_is(s, &l, 0, "He said \xe2\x80\x9cit is over.\xe2\x80\x9d");
	S_sent_is(s, &l, 1, "Then he left (quietly.)");
	dn_arena_clear(&a);
}

static void test_dateline(void **state)
{
	(void)state;
	dn_arena a;
	dn_arena_init(&a);
	const char *s = "By Jane Roe\nStaff Reporter, Cairo\n\nBEIRUT, Lebanon \xe2\x80\x93 "
			"Rebels shelled the town. Nobody died.\n";
	dn_layout l = S_lay(&a, s);
	assert_true(l.dateline >= 0);
	const dn_region *d = &l.regions[l.dateline];
	assert_int_equal(d->end - d->start, strlen("BEIRUT, Lebanon \xe2\x80\x93"));
	S_sent_is(s, &l, 0, "Rebels shelled the town.");
	assert_int_equal(l.regions[0].kind, DN_RG_BYLINE);
	dn_arena_clear(&a);
}

static void test_dateline_alone_on_line(void **state)
{
	(void)state;
	dn_arena a;
	dn_arena_init(&a);
	const char *s = "KYIV, Ukraine\xe2\x80\x94\n\nTroops withdrew from the city on Monday.";
	dn_layout l = S_lay(&a, s);
	assert_true(l.dateline >= 0);
	assert_int_equal(l.nsents, 1);
	dn_arena_clear(&a);
}

static void test_not_dateline(void **state)
{
	(void)state;
	dn_arena a;
	dn_arena_init(&a);
	const char *s = "The talks in Geneva - the third round - collapsed on Monday.";
	dn_layout l = S_lay(&a, s);
	assert_int_equal(l.dateline, -1);
	dn_arena_clear(&a);
}

static int S_kind_at(const dn_layout *l, const char *s, const char *needle)
{
	const char *p = strstr(s, needle);
	assert_non_null(p);
	uint32_t at = (uint32_t)(p - s);
	for (int i = 0; i < l->nregions; i++)
		if (l->regions[i].start <= at && at < l->regions[i].end)
			return l->regions[i].kind;
	return 0;
}

static void test_boilerplate(void **state)
{
	(void)state;
	dn_arena a;
	dn_arena_init(&a);
	const char *s =
		"image\n\nTurkey shells Kurdish positions\n\n"
		"Turkish artillery shelled positions near the border on Sunday, officials said.\n"
		"Soldiers guard the border crossing near Kilis. (Photo courtesy of AFP)\n"
		"TOP STORIES\n- Ministers meet in Oslo\n- Floods hit the coast\n"
		"The shelling continued into the night, according to residents of the area who spoke by phone.\n"
		"\xe2\x80\x94 Some Person (@someone) March 3, 2017\n"
		"Share this:\n"
		"For further information, see:\n\nAgency \xe2\x80\x93 Turkey shells border \xe2\x80\x93 3 March 2017\n\n"
		"Related Items\n\nLeave a Reply\nYour email address will not be published.\n3 + 4 =\n";
	dn_layout l = S_lay(&a, s);
	assert_int_equal(S_kind_at(&l, s, "image"), DN_RG_CAPTION);
	assert_int_equal(S_kind_at(&l, s, "Soldiers guard"), DN_RG_CAPTION);
	assert_int_equal(S_kind_at(&l, s, "TOP STORIES"), DN_RG_MENU);
	assert_int_equal(S_kind_at(&l, s, "Floods hit"), DN_RG_MENU);
	assert_int_equal(S_kind_at(&l, s, "The shelling continued"), 0);
	assert_int_equal(S_kind_at(&l, s, "@someone"), DN_RG_EMBED);
	assert_int_equal(S_kind_at(&l, s, "Share this"), DN_RG_SHARE);
	assert_int_equal(S_kind_at(&l, s, "Agency"), DN_RG_SOURCES);
	assert_int_equal(S_kind_at(&l, s, "3 + 4"), DN_RG_COMMENTS);
	/* no sentence starts inside a region */
	for (int i = 0; i < l.nsents; i++)
		assert_false(dn_layout_in_boiler(&l, l.sents[i].start, l.sents[i].end));
	/* the headline is a sentence flagged as such */
	assert_true(l.sents[0].flags & DN_SF_HEADLINE);
	dn_arena_clear(&a);
}

/* A list runs over lines of at most 40 words: the count is exact up to
 * 41 whatever white space separates the words (ASCII, tabs, NBSP). */
static void test_list_line_words(void **state)
{
	(void)state;
	static const char *sep[] = {" ", "\t", "\xc2\xa0", "  ", " \xe2\x80\x89"};
	for (int words = 39; words <= 42; words++) {
		char s[1024] = "For more information:\n";
		for (int w = 0; w < words; w++) {
			if (w)
				strcat(s, sep[w % 5]);
			strcat(s, w % 3 ? "item" : "\xc3\xa9t\xc3\xa9");
		}
		strcat(s, "\n");
		dn_arena a;
		dn_arena_init(&a);
		dn_layout l = S_lay(&a, s);
		int in = S_kind_at(&l, s, "item") == DN_RG_SOURCES;
		if (in != (words <= 40))
			fail_msg("a line of %d words is %sin the list", words, in ? "" : "not ");
		dn_arena_clear(&a);
	}
}

static void test_long_line_is_cut(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = (i % 6 == 5) ? ' ' : 'a';
	s[n] = 0;
	dn_arena a;
	dn_arena_init(&a);
	dn_layout l;
	assert_int_equal(dn_layout_build(s, n, &a, &l), 0);
	assert_true(l.nsents > 300);
	for (int i = 0; i < l.nsents; i++)
		assert_true(l.sents[i].end - l.sents[i].start <= 3100);
	dn_arena_clear(&a);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_keeps_offsets),
		cmocka_unit_test(test_abbreviations),
		cmocka_unit_test(test_quote_closes_sentence),
		cmocka_unit_test(test_dateline),
		cmocka_unit_test(test_dateline_alone_on_line),
		cmocka_unit_test(test_not_dateline),
		cmocka_unit_test(test_boilerplate),
		cmocka_unit_test(test_list_line_words),
		cmocka_unit_test(test_long_line_is_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
