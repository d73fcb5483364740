/*
 * test_toll.c — number expressions and the death and injured counts
 * attached to an event trigger.
 *
 * The toll table is one row per phrase: sentence, trigger word, dead min
 * and max, injured min and max, and optionally the expected text of the
 * dead count. NO means "no count"; NUL means max null (unbounded).
 */
#include "testsent.h"
#include "when/when.h"

#define NO (-2LL) /* no count expected */
#define NUL (-1LL) /* max null */

/* MARK: - Numbers */

typedef struct num_case {
	const char *text;
	int consumed;
	long long val;
	int exact;
} num_case;

static const num_case S_nums[] = {
	{ "40 people", 1, 40, 1 },
	{ "1,000 Syrian civilians", 1, 1000, 1 },
	{ "4000 militants", 1, 4000, 1 },
	{ "250,000", 1, 250000, 1 },
	{ "3 million refugees", 2, 3000000, 1 },
	{ "3.5 million refugees", 2, 3500000, 1 },
	{ "forty-five people", 1, 45, 1 },
	{ "forty five people", 2, 45, 1 },
	{ "twenty-one", 1, 21, 1 },
	{ "two people", 1, 2, 1 },
	{ "Eight Iranian commanders", 1, 8, 1 },
	{ "zero", 1, 0, 1 },
	{ "one hundred and twenty people", 4, 120, 1 },
	{ "two thousand five hundred", 4, 2500, 1 },
	{ "ninety-nine thousand", 2, 99000, 1 },
	{ "a hundred people", 2, 100, 1 },
	{ "a dozen soldiers", 2, 12, 1 },
	{ "two dozen soldiers", 2, 24, 1 },
	{ "a couple of", 2, 2, 1 },
	{ "dozens of civilians", 1, 12, 0 },
	{ "Hundreds of civilians", 1, 100, 0 },
	{ "thousands", 1, 1000, 0 },
	{ "tens of thousands of people", 3, 10000, 0 },
	{ "hundreds of thousands", 3, 100000, 0 },
	{ "scores were wounded", 1, 20, 0 },
	{ "tens", 1, 10, 0 },
	{ "several people", 1, 3, 0 },
	{ "a few people", 2, 2, 0 },
	{ "3.5", 1, 3, 0 },
	{ "18th", 0, 0, 0 },
	{ "2o15", 0, 0, 0 },
	{ "80% of", 0, 0, 0 },
	{ "80 percent", 0, 0, 0 },
	{ "twenty per cent", 0, 0, 0 },
	{ "1,00", 0, 0, 0 },
	{ "12-year-old", 0, 0, 0 },
	{ "two-day visit", 0, 0, 0 },
	{ "the", 0, 0, 0 },
	{ "a man", 0, 0, 0 },
	{ ",", 0, 0, 0 },
};

static void test_number_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < DN_ARRAY_LEN(S_nums); i++) {
		const num_case *c = &S_nums[i];
		sent x;
		S_lex(&x, c->text);
		long long v;
		int exact;
		int k = dn_number_parse(&x.t, 0, x.n, &v, &exact);
		if (k != c->consumed || (k && (v != c->val || exact != c->exact)))
			fail_msg("'%s': %d tokens, %lld, exact %d; want %d, %lld, %d",
				 c->text, k, v, exact, c->consumed, c->val, c->exact);
		dn_toks_clear(&x.t);
	}
	/* the window end is respected */
	sent x;
	S_lex(&x, "3 million");
	long long v;
	int exact;
	assert_int_equal(dn_number_parse(&x.t, 0, 1, &v, &exact), 1);
	assert_int_equal(v, 3);
	assert_int_equal(dn_number_parse(&x.t, 2, 2, &v, &exact), 0);
	dn_toks_clear(&x.t);
}

/* MARK: - Tolls */

typedef struct toll_case {
	const char *sentence;
	const char *trigger;
	long long dmin, dmax; /* NO: no dead count */
	long long imin, imax; /* NO: no injured count */
	const char *dtext;    /* expected text of the dead count, or NULL */
} toll_case;

static const toll_case S_tolls[] = {
	/* MARK: seeds (shared/seeds, gold dead_min where given) */
	{ "The attack reportedly killed at least 40 people at the camp near al-Habeet in the northern province of Idlib on October 29th.", "killed", 40, NUL, NO, NO, "at least 40 people" },
	{ "The attack reportedly killed at least 40 people at the camp near al-Habeet in the northern province of Idlib on October 29th.", "attack", 40, NUL, NO, NO, NULL },
	{ "Amnesty issued a report yesterday that detailed six Russian bombings which left more than 200 civilians dead, including mass killings in Idlib and Homs Provinces.", "bombings", 200, NUL, NO, NO, "more than 200 civilians" },
	{ "Amnesty issued a report yesterday that detailed six Russian bombings which left more than 200 civilians dead, including mass killings in Idlib and Homs Provinces.", "issued", NO, NO, NO, NO, NULL },
	{ "During the course of the rebel attack, dozens of civilians were reportedly killed in what the United Nations said may constitute war crimes.", "killed", 12, NUL, NO, NO, "dozens of civilians" },
	{ "Hundreds of civilians have been killed over the past three weeks.", "killed", 100, NUL, NO, NO, "Hundreds of civilians" },
	{ "Iranian media have confirmed the deaths of four more troops in Syria on Wednesday, bringing the acknowledged toll since October 7 to 110.", "deaths", 4, 4, NO, NO, "four more troops" },
	{ "Iranian media have confirmed the deaths of four more troops in Syria on Wednesday, bringing the acknowledged toll since October 7 to 110.", "confirmed", 4, 4, NO, NO, NULL },
	{ "Iranian media have confirmed the deaths of four more troops in Syria on Wednesday, bringing the acknowledged toll since October 7 to 110.", "toll", 110, 110, NO, NO, "110" },
	{ "Eight Iranian commanders have been killed since October 7, including the overall commander of Iran's forces in Syria.", "killed", 8, 8, NO, NO, "Eight Iranian commanders" },
	{ "4 More Iranian Troops Killed", "killed", 4, 4, NO, NO, NULL },
	{ "Facing more documentation of its killing of more than 1,000 Syrian civilians, Russia lashed out at Amnesty International on Wednesday.", "killing", 1000, NUL, NO, NO, "more than 1,000 Syrian civilians" },
	{ "Facing more documentation of its killing of more than 1,000 Syrian civilians, Russia lashed out at Amnesty International on Wednesday.", "lashed", NO, NO, NO, NO, NULL },
	{ "An estimated 3 million refugees have fled the country and the conflict has killed close to 200,000 people.", "fled", NO, NO, NO, NO, NULL },
	{ "An estimated 3 million refugees have fled the country and the conflict has killed close to 200,000 people.", "killed", 200000, 200000, NO, NO, "close to 200,000 people" },
	{ "According to the United Nations, Nearly 10 million people have been displaced in Syria since the start of the country's Civil War in 2011.", "displaced", NO, NO, NO, NO, NULL },
	{ "4000 #IS militants & their families will be transferred from Hajr Al-Aswad & Qadam in south #Damascus to #Raqqa as part of agreement", "transferred", NO, NO, NO, NO, NULL },

	/* MARK: exact counts and both kinds */
	{ "Rebels shelled the village, killing 3 and wounding 12.", "killing", 3, 3, 12, 12, "3" },
	{ "Rebels shelled the village, killing 3 and wounding 12.", "shelled", 3, 3, 12, 12, NULL },
	{ "Forty-five people died in the blast.", "died", 45, 45, NO, NO, "Forty-five people" },
	{ "The bombing raised a death toll of 57.", "bombing", 57, 57, NO, NO, "57" },
	{ "At least two people were killed and 11 injured.", "killed", 2, NUL, 11, 11, "At least two people" },
	{ "Scores were wounded when the mortar hit the market.", "wounded", NO, NO, 20, NUL, NULL },
	{ "A suicide bomber killed 12 people and wounded 30 others in Baghdad.", "killed", 12, 12, 30, 30, "12 people" },
	{ "The blast killed 5 and injured dozens.", "blast", 5, 5, 12, NUL, NULL },
	{ "The airstrike left 17 dead and 40 wounded.", "airstrike", 17, 17, 40, 40, "17" },
	{ "3 killed, 12 injured in Aleppo blast", "blast", 3, 3, 12, 12, NULL },
	{ "Three soldiers were slain and four others were hurt.", "slain", 3, 3, 4, 4, NULL },
	{ "At least 12 people died and several were injured.", "died", 12, NUL, 3, NUL, NULL },
	{ "Over 100 people were injured in the clashes.", "clashes", NO, NO, 100, NUL, NULL },
	{ "The clashes left around 30 people hurt.", "clashes", NO, NO, 30, 30, NULL },
	{ "Government forces massacred 30 villagers.", "massacred", 30, 30, NO, NO, "30 villagers" },
	{ "The bodies of 20 men were found near the village.", "found", 20, 20, NO, NO, NULL },
	{ "Twelve people lost their lives in the fire.", "lost", 12, 12, NO, NO, NULL },
	{ "The death toll rose to 57 on Monday.", "toll", 57, 57, NO, NO, NULL },
	{ "The fighting claimed the lives of 200 soldiers.", "fighting", 200, 200, NO, NO, "200 soldiers" },
	{ "Israeli strikes killed 4,000 militants in 2015.", "strikes", 4000, 4000, NO, NO, NULL },
	{ "The car bomb killed one hundred and twenty people.", "bomb", 120, 120, NO, NO, NULL },
	{ "The blast killed 12 people on October 7.", "killed", 12, 12, NO, NO, NULL },
	{ "Shelling killed 3 people, including a child.", "shelling", 3, 3, NO, NO, NULL },
	{ "The attack, which killed 25 people, was condemned by the UN.", "attack", 25, 25, NO, NO, NULL },
	{ "Attacks that killed 9 civilians were reported in Idlib.", "attacks", 9, 9, NO, NO, NULL },
	{ "Five people were killed when a shell hit their house.", "hit", 5, 5, NO, NO, "Five people" },
	{ "Scores were wounded when the mortar hit the market.", "hit", NO, NO, 20, NUL, NULL },

	/* MARK: approximations and vague numbers */
	{ "Thousands of people were killed in the siege.", "siege", 1000, NUL, NO, NO, NULL },
	{ "Tens of thousands of people have died.", "died", 10000, NUL, NO, NO, NULL },
	{ "A dozen soldiers were killed.", "killed", 12, 12, NO, NO, "A dozen soldiers" },
	{ "Two dozen soldiers were killed.", "killed", 24, 24, NO, NO, NULL },
	{ "Some 40 people were killed.", "killed", 40, 40, NO, NO, "Some 40 people" },
	{ "Up to 40 people may have been killed.", "killed", 40, 40, NO, NO, NULL },
	{ "Nearly 100 people were killed.", "killed", 100, 100, NO, NO, NULL },
	{ "More than 200 people were killed.", "killed", 200, NUL, NO, NO, NULL },
	{ "Fewer than 10 people were killed.", "killed", 0, 9, NO, NO, NULL },
	{ "No more than 10 people were killed.", "killed", 0, 10, NO, NO, NULL },
	{ "Between 10 and 20 people were killed.", "killed", 10, 20, NO, NO, "Between 10 and 20 people" },
	{ "Two or three people were killed.", "killed", 2, 3, NO, NO, NULL },
	{ "The war has killed more than 250,000 people since 2011.", "killed", 250000, NUL, NO, NO, NULL },

	/* MARK: counts that do not belong to the trigger */
	{ "The war has killed more than 250,000 people since 2011.", "war", NO, NO, NO, NO, NULL },
	{ "Rebels attacked the town and the army killed 12 fighters.", "attacked", NO, NO, NO, NO, NULL },
	{ "Russia accused rebels of killing 12 civilians.", "accused", NO, NO, NO, NO, NULL },
	{ "Police said 3 people were killed or wounded.", "killed", NO, NO, NO, NO, NULL },
	{ "The strike caused 40 casualties.", "strike", NO, NO, NO, NO, NULL },
	{ "At least 80% of the buildings were destroyed.", "destroyed", NO, NO, NO, NO, NULL },
	{ "The army shelled the town; 12 people were killed in a separate attack.", "shelled", NO, NO, NO, NO, NULL },
	{ "Activists said 3 children were among the dead.", "said", NO, NO, NO, NO, NULL },
	{ "Clashes erupted while 12 people were killed in a separate raid.", "erupted", NO, NO, NO, NO, NULL },
	{ "No one was killed.", "killed", NO, NO, NO, NO, NULL },
	{ "The explosion killed a policeman.", "killed", NO, NO, NO, NO, NULL },
	{ "Police arrested 12 men and seized 3 cars.", "arrested", NO, NO, NO, NO, NULL },
	{ "The soldiers were killed three days ago.", "killed", NO, NO, NO, NO, NULL },
};

/* Checks one row; prints what went wrong and returns 0 on a mismatch. */
static int S_check(const toll_case *c)
{
	sent x;
	S_lex(&x, c->sentence);
	int trig = S_find(&x, c->trigger);
	dn_count dead, inj;
	int mask = dn_toll_find(x.s, &x.t, 0, x.n, trig, &dead, &inj);
	int ok = 1;
	int want = (c->dmin != NO ? 1 : 0) | (c->imin != NO ? 2 : 0);
	if (mask != want || (dead.set && (dead.min != c->dmin || dead.max != c->dmax)) ||
	    (inj.set && (inj.min != c->imin || inj.max != c->imax))) {
		print_error("'%s' [%s]: mask %d dead %lld..%lld injured %lld..%lld; "
			    "want mask %d dead %lld..%lld injured %lld..%lld\n",
			    c->sentence, c->trigger, mask, dead.min, dead.max, inj.min,
			    inj.max, want, c->dmin, c->dmax, c->imin, c->imax);
		ok = 0;
	}
	if (c->dtext && dead.set) {
		if (!S_span_is(&x, dead.start, dead.end, c->dtext)) {
			print_error("'%s': dead text '%.*s', want '%s'\n", c->sentence,
				    (int)(dead.end - dead.start), x.s + dead.start, c->dtext);
			ok = 0;
		}
	}
	assert_int_equal(dead.set, mask & 1);
	assert_int_equal(inj.set, (mask >> 1) & 1);
	dn_toks_clear(&x.t);
	return ok;
}

static void test_toll_table(void **state)
{
	(void)state;
	int bad = 0;
	assert_true(DN_ARRAY_LEN(S_tolls) >= 50);
	for (size_t i = 0; i < DN_ARRAY_LEN(S_tolls); i++)
		bad += !S_check(&S_tolls[i]);
	if (bad)
		fail_msg("%d of %zu tolls wrong", bad, DN_ARRAY_LEN(S_tolls));
}

static void test_toll_bad_arguments(void **state)
{
	(void)state;
	sent x;
	S_lex(&x, "Rebels killed 12 people.");
	dn_count dead, inj;
	assert_int_equal(dn_toll_find(x.s, &x.t, 0, x.n, x.n, &dead, &inj), 0);
	assert_int_equal(dn_toll_find(x.s, &x.t, 0, x.n, -1, &dead, &inj), 0);
	assert_int_equal(dn_toll_find(x.s, &x.t, 0, x.n + 3, 1, &dead, &inj), 0);
	assert_int_equal(dead.set, 0);
	assert_int_equal(dead.max, -1);
	/* only [first, last) is read: the count lies outside */
	assert_int_equal(dn_toll_find(x.s, &x.t, 0, 2, 1, &dead, &inj), 0);
	dn_toks_clear(&x.t);
}

/* A long sentence full of counts: bounded work, the trigger's own count. */
static void test_toll_many_counts(void **state)
{
	(void)state;
	dn_buf b;
	dn_buf_init(&b);
	for (int i = 0; i < 100; i++)
		dn_buf_printf(&b, "%d killed %d wounded ", i + 1, i + 2);
	dn_buf_adds(&b, ".");
	sent x;
	S_lex(&x, b.p);
	assert_true(x.n >= 400);
	dn_count dead, inj;
	int mask = dn_toll_find(x.s, &x.t, 0, x.n, 201, &dead, &inj);
	assert_true(mask & 1);
	assert_int_equal(dead.min, 51);
	assert_true(mask & 2);
	dn_toks_clear(&x.t);
	dn_buf_clear(&b);
}

/* MARK: - One sentence, several triggers */

/* dn_toll_pick on one prepared sentence gives, for every trigger in turn
 * (and with dates picked in between), what dn_toll_find gives alone. */
static void S_pick_all(dn_when_sent *ws, const sent *x, int first, int last)
{
	dn_when_prepare(ws, &x->t, first, last);
	for (int pass = 0; pass < 2; pass++)
		for (int k = first - 1; k <= last; k++) {
			int trig = pass ? last + first - 1 - k : k;
			dn_count d1, i1, d2, i2;
			int m1 = dn_toll_pick(ws, trig, &d1, &i1);
			int m2 = dn_toll_find(x->s, &x->t, first, last, trig, &d2, &i2);
			if (m1 != m2 || memcmp(&d1, &d2, sizeof d1) != 0 ||
			    memcmp(&i1, &i2, sizeof i1) != 0)
				fail_msg("'%.60s' [%d, %d) trigger %d: pick %d, find %d", x->s,
					 first, last, trig, m1, m2);
			dn_date pub = { 2016, 10, 12 };
			dn_when w;
			dn_when_pick(ws, trig, &pub, 0, &w);
		}
}

static void test_toll_pick_table(void **state)
{
	(void)state;
	static dn_when_sent ws; /* large: not on the stack */
	for (size_t i = 0; i < DN_ARRAY_LEN(S_tolls); i++) {
		sent x;
		S_lex(&x, S_tolls[i].sentence);
		S_pick_all(&ws, &x, 0, x.n);
		if (x.n > 4)
			S_pick_all(&ws, &x, 1, x.n - 1);
		dn_toks_clear(&x.t);
	}
}

/* Several events of one sentence, each with its own count. */
static void test_toll_pick_several(void **state)
{
	(void)state;
	static dn_when_sent ws;
	sent x;
	S_lex(&x, "An airstrike killed 12 civilians in Idlib, while a car bomb "
		  "wounded at least 30 people in Aleppo.");
	dn_when_prepare(&ws, &x.t, 0, x.n);
	dn_count dead, inj;
	assert_int_equal(dn_toll_pick(&ws, S_find(&x, "airstrike"), &dead, &inj), 1);
	assert_int_equal(dead.min, 12);
	assert_int_equal(dead.max, 12);
	assert_int_equal(dn_toll_pick(&ws, S_find(&x, "bomb"), &dead, &inj), 2);
	assert_int_equal(inj.min, 30);
	assert_int_equal(inj.max, -1);
	assert_int_equal(dead.set, 0);
	assert_int_equal(dn_toll_pick(&ws, x.n, &dead, &inj), 0);
	dn_toks_clear(&x.t);
}

/* The long sentence of counts: every trigger has its own window. */
static void test_toll_pick_long(void **state)
{
	(void)state;
	static dn_when_sent ws;
	dn_buf b;
	dn_buf_init(&b);
	for (int i = 0; i < 150; i++)
		dn_buf_printf(&b, "%d killed %d wounded ", i + 1, i + 2);
	dn_buf_adds(&b, ".");
	sent x;
	x.s = b.p;
	dn_toks_init(&x.t);
	x.n = dn_lex(b.p, 0, (uint32_t)b.len, 4000, &x.t);
	assert_true(x.n > DN_MAX_SENT_TOKENS);
	S_pick_all(&ws, &x, 0, x.n);
	dn_when_prepare(&ws, &x.t, 0, x.n);
	dn_count dead, inj;
	assert_int_equal(dn_toll_pick(&ws, 201, &dead, &inj), 3);
	assert_int_equal(dead.min, 51);
	assert_int_equal(dn_toll_pick(&ws, 561, &dead, &inj), 3);
	assert_int_equal(dead.min, 141);
	dn_toks_clear(&x.t);
	dn_buf_clear(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_parse),
		cmocka_unit_test(test_toll_table),
		cmocka_unit_test(test_toll_bad_arguments),
		cmocka_unit_test(test_toll_many_counts),
		cmocka_unit_test(test_toll_pick_table),
		cmocka_unit_test(test_toll_pick_several),
		cmocka_unit_test(test_toll_pick_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
