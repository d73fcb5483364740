/*
 * test_when.c — calendar dates, temporal expressions attached to a trigger
 * and resolved against the publication date, and the date scan used to
 * infer a publication date.
 *
 * The main table is one row per expression: publication date ("" when
 * unknown), sentence, trigger word, future flag, the expected date ("" when
 * nothing should resolve) and its precision (d/m/y). Rows marked from the
 * seeds are sentences of shared/seeds with their gold dates.
 */
#include "testsent.h"
#include "when/when.h"

/* MARK: - Calendar */

static void test_date_parse_format(void **state)
{
	(void)state;
	dn_date d;
	int p;
	char buf[16];
	assert_true(dn_date_parse("2016-10-12", 10, &d, &p));
	assert_int_equal(p, DN_PREC_DAY);
	assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20161012);
	dn_date_format(&d, DN_PREC_DAY, buf);
	assert_string_equal(buf, "2016-10-12");
	dn_date_format(&d, DN_PREC_MONTH, buf);
	assert_string_equal(buf, "2016-10");
	dn_date_format(&d, DN_PREC_YEAR, buf);
	assert_string_equal(buf, "2016");
	dn_date_format(&d, DN_PREC_UNKNOWN, buf);
	assert_string_equal(buf, "");
	assert_true(dn_date_parse("2016-10", 7, &d, &p));
	assert_int_equal(p, DN_PREC_MONTH);
	assert_int_equal(d.d, 0);
	assert_true(dn_date_parse("2016", 4, &d, &p));
	assert_int_equal(p, DN_PREC_YEAR);
	assert_true(dn_date_parse("2016-02-29", 10, &d, &p));
	assert_true(dn_date_parse("2016-10-12T08:00:00Z", 20, &d, &p));
	assert_int_equal(p, DN_PREC_DAY);
	assert_false(dn_date_parse("2015-02-29", 10, &d, &p));
	assert_false(dn_date_parse("2016-13-01", 10, &d, &p));
	assert_false(dn_date_parse("2016-00", 7, &d, &p));
	assert_false(dn_date_parse("2016-10-32", 10, &d, &p));
	assert_false(dn_date_parse("16-10-12", 8, &d, &p));
	assert_false(dn_date_parse("2016/10/12", 10, &d, &p));
	assert_false(dn_date_parse("", 0, &d, &p));
	/* only n bytes are read */
	assert_true(dn_date_parse("2016-10-12xyz", 4, &d, NULL));
}

static void test_calendar(void **state)
{
	(void)state;
	dn_date d = { 1970, 1, 1 }, e;
	assert_int_equal(dn_date_days(&d), 0);
	assert_int_equal(dn_date_weekday(&d), 3); /* Thursday */
	d = (dn_date){ 2016, 10, 12 };
	assert_int_equal(dn_date_weekday(&d), 2); /* Wednesday */
	dn_date_from_days(dn_date_days(&d) + 80, &e);
	assert_int_equal(e.y * 10000 + e.m * 100 + e.d, 20161231);
	d = (dn_date){ 2000, 3, 1 };
	dn_date_from_days(dn_date_days(&d) - 1, &e);
	assert_int_equal(e.y * 10000 + e.m * 100 + e.d, 20000229);
	d = (dn_date){ 1900, 3, 1 };
	dn_date_from_days(dn_date_days(&d) - 1, &e);
	assert_int_equal(e.m * 100 + e.d, 228);
	for (long z = -800000; z < 800000; z += 997) {
		dn_date_from_days(z, &e);
		assert_int_equal(dn_date_days(&e), z);
	}
}

/* MARK: - Temporal expressions */

typedef struct when_case {
	const char *pub;      /* "" = unknown */
	const char *sentence;
	const char *trigger;  /* folded word, "w#2" for the second one */
	int future;
	const char *want;     /* "" = nothing resolves */
	char prec;            /* 'd', 'm', 'y' */
	const char *text;     /* expected date_text, or NULL to skip */
} when_case;

static const when_case S_cases[] = {
	/* MARK: seeds (shared/gold/seeds.gold.jsonl) */
	{ "2014-11-28", "Russian President Vladimir Putin met Syrian Foreign Minister Walid al-Moualem the resort town of Sochi for talks on Wednesday, the Kremlin said.", "met", 0, "2014-11-26", 'd', "on Wednesday" },
	{ "2014-11-28", "Last month Syrian government helicopter dropped two barrel bombs on a camp filled with civilians displaced by fighting in the country\xe2\x80\x99s northern region.", "dropped", 0, "2014-10", 'm', "Last month" },
	{ "2014-11-28", "The attack reportedly killed at least 40 people at the camp near al-Habeet in the northern province of Idlib on October 29th.", "killed", 0, "2014-10-29", 'd', "on October 29th" },
	{ "2014-11-28", "A Syrian government helicopter dropped two barrel bombs on a camp occupied by displaced civilians last month in the country's northern region.", "dropped", 0, "2014-10", 'm', "last month" },
	{ "2014-11-28", "Peace talks held in Geneva collapsed earlier this year.", "collapsed", 0, "2014", 'y', "earlier this year" },
	{ "2015-10-22", "Moscow, a long time ally of the Assad regime, began an air raid and bombing campaign on September 30th, against alleged terrorist groups they claim threaten Assad's rule in the region.", "began", 0, "2015-09-30", 'd', "on September 30th" },
	{ "2015-12-24", "Facing more documentation of its killing of more than 1,000 Syrian civilians, Russia lashed out at Amnesty International on Wednesday.", "lashed", 0, "2015-12-23", 'd', "on Wednesday" },
	{ "2015-12-24", "Amnesty issued a report yesterday that detailed six Russian bombings which left more than 200 civilians dead, including mass killings in Idlib and Homs Provinces.", "issued", 0, "2015-12-23", 'd', "yesterday" },
	{ "2015-12-24", "Iranian media have confirmed the deaths of four more troops in Syria on Wednesday, bringing the acknowledged toll since October 7 to 110.", "deaths", 0, "2015-12-23", 'd', "on Wednesday" },
	{ "2015-12-24", "Eight Iranian commanders have been killed since October 7, including the overall commander of Iran\xe2\x80\x99s forces in Syria, General Hossein Hamedani.", "killed", 0, "2015-10-07", 'd', "since October 7" },
	{ "2015-12-24", "The Islamic State had expanded their hold on areas near the capital in April, moving from Hajar al-Aswad into the Yarmouk camp.", "expanded", 0, "2015-04", 'm', "in April" },
	{ "2015-12-24", "Foreign Minister Walid al-Moallem said on Thursday that the Assad regime is ready for talks with the opposition.", "talks", 0, "2015-12-24", 'd', "on Thursday" },
	{ "2015-12-24", "UN envoy Staffan de Mistura said earlier this week that he is hoping for opposition-regime negotiations will begin in late January.", "begin", 1, "2016-01", 'm', "in late January" },
	{ "2015-12-24", "UN envoy Staffan de Mistura said earlier this week that he is hoping for opposition-regime negotiations will begin in late January.", "said", 0, "2015-12", 'm', "earlier this week" },
	{ "2015-12-24", "Activists write that dozens of buses arrived in Hajar al-Aswad on Thursday to transport the militants to the north.", "arrived", 0, "2015-12-24", 'd', NULL },
	{ "2015-12-24", "During a visit to Beijing, al-Moallem portrayed the regime's willingness to fulfil a UN resolution, passed last week, for ceasefires and negotiations.", "passed", 0, "2015-12", 'm', "last week" },
	{ "2015-12-24", "During a visit to Beijing, al-Moallem portrayed the regime's willingness to fulfil a UN resolution, passed last week, for ceasefires and negotiations.", "portrayed", 0, "", 0, NULL },
	{ "2016-10-12", "The Russian Foreign Ministry said on Wednesday that a new round of Syria talks will be held between Moscow and Washington.", "said", 0, "2016-10-12", 'd', NULL },
	{ "2016-10-12", "Delegations from several countries with influence inside Syria, headed by the US and Russia, are expected to meet on Saturday.", "meet", 1, "2016-10-15", 'd', "on Saturday" },
	{ "2016-10-12", "According to the Russian FM Sergey Lavrov, Saturday\xe2\x80\x99s meeting may also include Saudi Arabia, Qatar and Turkey.", "meeting", 1, "2016-10-15", 'd', "Saturday\xe2\x80\x99s" },
	{ "2016-10-12", "According to the Russian FM Sergey Lavrov, Saturday's meeting may also include Saudi Arabia, Qatar and Turkey.", "meeting", 0, "2016-10-08", 'd', NULL },
	{ "2016-10-12", "Hundreds of civilians have been killed over the past three weeks.", "killed", 0, "2016", 'y', "over the past three weeks" },
	{ "2016-10-12", "\xe2\x80\x9cWe hope the meeting would result in launching a serious dialogue,\xe2\x80\x9d Lavrov said, referring to a Syrian truce agreement that broke down in September.", "broke", 0, "2016-09", 'm', "in September" },
	{ "2016-10-12", "Illustrating the pressure now faced by Russia, French officials said on Monday that the International Criminal Court (ICC) must investigate possible war crimes committed by Russian and Syrian governments.", "investigate", 0, "2016-10-10", 'd', "on Monday" },
	{ "2016-10-12", "Russian President Vladimir Putin is expected to visit Paris on October 19.", "visit", 1, "2016-10-19", 'd', "on October 19" },
	{ "2016-10-12", "Russian President Vladimir Putin is expected to visit Paris on October 19.", "visit", 0, "2016-10-19", 'd', NULL },
	{ "2016-10-12", "Russian President Vladimir Putin visited Paris on October 19.", "visited", 0, "2015-10-19", 'd', NULL },
	{ "2015-12-24", "He is hoping for opposition-regime negotiations will begin in late January.", "negotiations", 0, "2016-01", 'm', NULL },
	{ "2016-11-01", "Since October 18th, Russia and its Syrian allies have halted air attacks on Aleppo, after Western governments accused Moscow of indiscriminate targeting of civilians, an allegation Russia denies.", "targeting", 0, "", 0, NULL },
	{ "2016-10-12", "According to Zakariya Hamdo, a human rights activist, a building belonging to the ElSaad Pharmaceutical Company was hit with six Russian rockets on Wednesday.", "hit", 0, "2016-10-12", 'd', NULL },
	{ "2016-10-12", "Secretary of State John Kerry talks to Russian Foreign Minister Sergey Lavrov during a summit on Aug. 6.", "summit", 0, "2016-08-06", 'd', "on Aug. 6" },
	{ "2016-11-01", "Western-backed rebels, fighting alongside the al-Qaeda linked Jabhat Fattah al Sham, launched an offensive last week against government-held western Aleppo.", "launched", 0, "2016-10", 'm', "last week" },
	{ "2016-11-01", "Western-backed rebels, fighting alongside the al-Qaeda linked Jabhat Fattah al Sham, launched an offensive last week against government-held western Aleppo.", "fighting", 0, "2016-10", 'm', "last week" },
	{ "2016-11-01", "Since October 18th, Russia and its Syrian allies have halted air attacks on Aleppo, after Western governments accused Moscow of indiscriminate targeting of civilians.", "halted", 0, "2016-10-18", 'd', "Since October 18th" },
	{ "", "In rare foreign trip, Assad flew to Moscow on 21 October 2o15 to meet with Putin.", "flew", 0, "2015-10-21", 'd', "on 21 October 2o15" },
	{ "", "Washington Post\xe2\x80\x93 In rare foreign trip, Assad flies to Moscow to meet with Putin\xe2\x80\x94 21 October 2o15", "meet", 0, "", 0, NULL },

	/* MARK: weekdays, pub 2016-10-12 (a Wednesday) */
	{ "2016-10-12", "Rebels shelled the town on Wednesday.", "shelled", 0, "2016-10-12", 'd', "on Wednesday" },
	{ "2016-10-12", "Rebels shelled the town on Monday.", "shelled", 0, "2016-10-10", 'd', NULL },
	{ "2016-10-12", "Rebels shelled the town on Tuesday.", "shelled", 0, "2016-10-11", 'd', NULL },
	{ "2016-10-12", "Rebels shelled the town on Thursday.", "shelled", 0, "2016-10-06", 'd', NULL },
	{ "2016-10-12", "On Sunday rebels shelled the town.", "shelled", 0, "2016-10-09", 'd', "On Sunday" },
	{ "2016-10-12", "The ministers will meet on Friday.", "meet", 1, "2016-10-14", 'd', NULL },
	{ "2016-10-12", "The ministers will meet on Wednesday.", "meet", 1, "2016-10-12", 'd', NULL },
	{ "2016-10-12", "The ministers will meet on Friday.", "meet", 0, "2016-10-14", 'd', NULL },
	{ "2016-10-12", "The ministers will meet on Saturday.", "meet", 1, "2016-10-15", 'd', NULL },
	{ "2016-10-12", "The ministers met last Wednesday.", "met", 0, "2016-10-05", 'd', "last Wednesday" },
	{ "2016-10-12", "The ministers will meet next Wednesday.", "meet", 1, "2016-10-19", 'd', "next Wednesday" },
	{ "2016-10-12", "Jets bombed the market on Saturday night.", "bombed", 0, "2016-10-08", 'd', "on Saturday night" },
	{ "2016-10-12", "Jets bombed the market Thursday morning.", "bombed", 0, "2016-10-06", 'd', "Thursday morning" },
	{ "2016-10-12", "The ministers met on Wed. in Geneva.", "met", 0, "2016-10-12", 'd', "on Wed." },
	{ "2016-01-02", "Jets bombed the market on Wednesday.", "bombed", 0, "2015-12-30", 'd', NULL },

	/* MARK: days relative to pub */
	{ "2016-10-12", "Rebels shelled the town yesterday.", "shelled", 0, "2016-10-11", 'd', "yesterday" },
	{ "2016-10-12", "Rebels shelled the town today.", "shelled", 0, "2016-10-12", 'd', NULL },
	{ "2016-10-12", "Protesters will gather tonight in the square.", "gather", 1, "2016-10-12", 'd', "tonight" },
	{ "2016-10-12", "Rebels shelled the town last night.", "shelled", 0, "2016-10-11", 'd', "last night" },
	{ "2016-10-12", "The envoy will arrive tomorrow.", "arrive", 1, "2016-10-13", 'd', NULL },
	{ "2016-10-12", "Police arrested two men this morning.", "arrested", 0, "2016-10-12", 'd', "this morning" },
	{ "2016-10-12", "Police arrested two men the day before yesterday.", "arrested", 0, "2016-10-10", 'd', "the day before yesterday" },
	{ "2016-10-12", "Police arrested two men two days ago.", "arrested", 0, "2016-10-10", 'd', "two days ago" },
	{ "2016-10-12", "Police arrested two men 3 days ago.", "arrested", 0, "2016-10-09", 'd', NULL },
	{ "2016-10-12", "Police arrested two men a few days ago.", "arrested", 0, "2016-10", 'm', "a few days ago" },
	{ "2016-10-12", "Police arrested two men three weeks ago.", "arrested", 0, "2016-09", 'm', NULL },
	{ "2016-10-12", "Police arrested two men two months ago.", "arrested", 0, "2016-08", 'm', NULL },
	{ "2016-10-12", "Police arrested two men a year ago.", "arrested", 0, "2015", 'y', "a year ago" },

	/* MARK: weeks, months and years relative to pub */
	{ "2016-01-10", "The army launched an offensive last month.", "launched", 0, "2015-12", 'm', NULL },
	{ "2016-01-10", "The army launched an offensive last year.", "launched", 0, "2015", 'y', NULL },
	{ "2016-10-12", "The army launched an offensive this month.", "launched", 0, "2016-10", 'm', NULL },
	{ "2016-12-05", "Talks will resume next month.", "resume", 1, "2017-01", 'm', "next month" },
	{ "2016-10-12", "Talks will resume next week.", "resume", 1, "2016-10", 'm', NULL },
	{ "2016-10-03", "The army launched an offensive last week.", "launched", 0, "2016-09", 'm', NULL },
	{ "2016-10-12", "The army launched an offensive earlier this month.", "launched", 0, "2016-10", 'm', "earlier this month" },
	{ "2016-10-12", "Talks will resume later this year.", "resume", 1, "2016", 'y', NULL },
	{ "2016-10-12", "The army launched an offensive late last year.", "launched", 0, "2015", 'y', "late last year" },
	{ "2016-10-12", "The two sides met this week.", "met", 0, "2016-10", 'm', NULL },
	{ "2016-10-12", "The two sides met earlier in the week.", "met", 0, "2016-10", 'm', "earlier in the week" },
	{ "2016-10-12", "Dozens have been arrested over the past week.", "arrested", 0, "2016-10", 'm', "over the past week" },
	{ "2016-10-12", "Dozens have been arrested in recent weeks.", "arrested", 0, "2016", 'y', "in recent weeks" },
	{ "2016-10-12", "Dozens have been arrested in the past 24 hours.", "arrested", 0, "2016-10", 'm', NULL },
	{ "2016-10-12", "Dozens have been arrested over the past two years.", "arrested", 0, "", 0, "over the past two years" },
	{ "2016-10-12", "Dozens have been arrested over the last few days.", "arrested", 0, "2016-10", 'm', "over the last few days" },

	/* MARK: absolute dates and months */
	{ "", "Putin holds talks with Syrian Foreign Minister on 26 November 2014.", "talks", 0, "2014-11-26", 'd', "on 26 November 2014" },
	{ "", "Hassan Ridha posted the video on December 23, 2015.", "posted", 0, "2015-12-23", 'd', "on December 23, 2015" },
	{ "", "The report was released on 2016-10-12 in Geneva.", "released", 0, "2016-10-12", 'd', "on 2016-10-12" },
	{ "", "The war began in 2011.", "began", 0, "2011", 'y', "in 2011" },
	{ "", "The army attacked Homs in November 2014.", "attacked", 0, "2014-11", 'm', "in November 2014" },
	{ "", "The army attacked Homs on Nov. 26, 2014.", "attacked", 0, "2014-11-26", 'd', "on Nov. 26, 2014" },
	{ "", "The army attacked Homs in 2o15.", "attacked", 0, "2015", 'y', NULL },
	{ "2015-10-22", "Russia began bombing on Sept. 30.", "began", 0, "2015-09-30", 'd', "on Sept. 30" },
	{ "2016-11-01", "The siege began in mid-October.", "began", 0, "2016-10", 'm', "in mid-October" },
	{ "2016-11-01", "The army attacked Homs in early 2015.", "attacked", 0, "2015", 'y', "in early 2015" },
	{ "2014-11-28", "The camp was bombed on the 29th of October.", "bombed", 0, "2014-10-29", 'd', "on the 29th of October" },
	{ "2016-03-01", "The army attacked Homs in April.", "attacked", 0, "2015-04", 'm', NULL },
	{ "2016-03-01", "The army will attack Homs in April.", "attack", 1, "2016-04", 'm', NULL },
	{ "2016-01-05", "The army attacked Homs on December 28.", "attacked", 0, "2015-12-28", 'd', NULL },
	{ "2015-12-24", "Negotiations will begin on January 3.", "begin", 1, "2016-01-03", 'd', NULL },
	{ "2016-10-12", "The army attacked Homs last October.", "attacked", 0, "2015-10", 'm', "last October" },
	{ "2016-11-01", "The truce collapsed at the end of October.", "collapsed", 0, "2016-10", 'm', "at the end of October" },
	{ "2016-10-12", "The truce collapsed in May.", "collapsed", 0, "2016-05", 'm', "in May" },
	{ "2016-03-10", "The truce collapsed on February 29.", "collapsed", 0, "2016-02-29", 'd', NULL },
	{ "2015-03-10", "The truce collapsed on February 29.", "collapsed", 0, "", 0, "on February 29" },
	{ "", "The truce collapsed in October 2015 after a week.", "collapsed", 0, "2015-10", 'm', NULL },
	{ "", "The truce collapsed on 2016/10/12.", "collapsed", 0, "2016-10-12", 'd', NULL },

	/* MARK: no publication date: relative expressions do not resolve */
	{ "", "The attack killed 40 people on October 29th.", "killed", 0, "", 0, "on October 29th" },
	{ "", "Rebels shelled the town on Wednesday.", "shelled", 0, "", 0, "on Wednesday" },
	{ "", "The army launched an offensive last month.", "launched", 0, "", 0, "last month" },
	{ "", "Rebels shelled the town yesterday.", "shelled", 0, "", 0, NULL },

	/* MARK: words that are not dates */
	{ "2016-10-12", "Thousands joined the march on the capital.", "joined", 0, "", 0, NULL },
	{ "2016-10-12", "Such attacks may constitute war crimes.", "constitute", 0, "", 0, NULL },
	{ "2016-10-12", "The 2015 elections were postponed.", "postponed", 0, "", 0, NULL },
	{ "2016-10-12", "Police arrested 12 men and seized 3 cars.", "arrested", 0, "", 0, NULL },
	{ "2016-10-12", "The next day the rebels withdrew.", "withdrew", 0, "", 0, NULL },

	/* MARK: clauses */
	{ "2016-10-12", "Rebels shelled the town, police said on Monday.", "shelled", 0, "2016-10-10", 'd', NULL },
	{ "2016-10-12", "Rebels shelled the town on Monday, killing 12 people.", "killing", 0, "2016-10-10", 'd', NULL },
	{ "2016-10-12", "The army shelled the town on Monday; rebels attacked on Tuesday.", "attacked", 0, "2016-10-11", 'd', NULL },
	{ "2016-10-12", "The army shelled the town on Monday; rebels attacked on Tuesday.", "shelled", 0, "2016-10-10", 'd', NULL },
	{ "2016-10-12", "The army shelled the town on Monday; rebels retaliated.", "retaliated", 0, "", 0, NULL },
	{ "2016-10-12", "Putin, who visited Paris on Monday, met Hollande.", "met", 0, "", 0, NULL },
	{ "2016-10-12", "Five people were killed on Monday when a shell hit their house.", "hit", 0, "2016-10-10", 'd', NULL },
	{ "2016-10-12", "Five people were killed on Monday because rebels shelled the town last week.", "shelled", 0, "2016-10", 'm', "last week" },
	{ "2016-10-12", "On Monday, in a statement, the ministry condemned the strikes.", "condemned", 0, "2016-10-10", 'd', "On Monday" },
	{ "2016-10-12", "On Monday, the army shelled the town, while rebels attacked a checkpoint.", "attacked", 0, "", 0, NULL },
	{ "2016-10-12", "The strikes, which began on Monday, hit three hospitals.", "strikes", 0, "2016-10-10", 'd', NULL },
	{ "2016-10-12", "Russia and Turkey signed a deal on Tuesday and the talks resumed on Monday.", "signed", 0, "2016-10-11", 'd', NULL },
	{ "2016-10-12", "Russia and Turkey signed a deal on Tuesday and the talks resumed on Monday.", "resumed", 0, "2016-10-10", 'd', NULL },
};

/* Checks one row; prints what went wrong and returns 0 on a mismatch. */
static int S_check(const when_case *c)
{
	int ok = 1;
	sent x;
	S_lex(&x, c->sentence);
	int trig = S_find(&x, c->trigger);
	dn_date pub;
	int pp;
	const dn_date *pubp = NULL;
	if (c->pub[0]) {
		assert_true(dn_date_parse(c->pub, strlen(c->pub), &pub, &pp));
		pubp = &pub;
	}
	dn_when w;
	int r = dn_when_find(x.s, &x.t, 0, x.n, trig, pubp, c->future, &w);
	char got[16];
	dn_date_format(&w.date, r ? w.precision : DN_PREC_UNKNOWN, got);
	int prec = c->prec == 'd' ? DN_PREC_DAY : c->prec == 'm' ? DN_PREC_MONTH :
		   c->prec == 'y' ? DN_PREC_YEAR : DN_PREC_UNKNOWN;
	if (strcmp(got, c->want) != 0 || (r && w.precision != prec) ||
	    r != (c->want[0] != 0)) {
		print_error("pub %s '%s' trigger %s%s: got '%s' (%d), want '%s'\n",
			    c->pub, c->sentence, c->trigger, c->future ? " (future)" : "",
			    got, r, c->want);
		ok = 0;
	}
	if (c->text) {
		if (!S_span_is(&x, w.start, w.end, c->text)) {
			print_error("'%s': date text '%.*s', want '%s'\n", c->sentence,
				    (int)(w.end - w.start), x.s + w.start, c->text);
			ok = 0;
		}
	}
	dn_toks_clear(&x.t);
	return ok;
}

static void test_when_table(void **state)
{
	(void)state;
	int bad = 0;
	assert_true(DN_ARRAY_LEN(S_cases) >= 80);
	for (size_t i = 0; i < DN_ARRAY_LEN(S_cases); i++)
		bad += !S_check(&S_cases[i]);
	if (bad)
		fail_msg("%d of %zu temporal expressions wrong", bad, DN_ARRAY_LEN(S_cases));
}

static void test_when_bad_arguments(void **state)
{
	(void)state;
	sent x;
	S_lex(&x, "Rebels shelled the town on Monday.");
	dn_date pub = { 2016, 10, 12 };
	dn_when w;
	assert_int_equal(dn_when_find(x.s, &x.t, 0, x.n, x.n, &pub, 0, &w), 0);
	assert_int_equal(dn_when_find(x.s, &x.t, 0, x.n, -1, &pub, 0, &w), 0);
	assert_int_equal(dn_when_find(x.s, &x.t, 0, x.n + 5, 1, &pub, 0, &w), 0);
	/* a sentence within the token array: only [first, last) is read */
	assert_int_equal(dn_when_find(x.s, &x.t, 0, 4, 1, &pub, 0, &w), 0);
	assert_int_equal(w.start, w.end);
	/* a pub without a day cannot anchor relative dates */
	dn_date month = { 2016, 10, 0 };
	assert_int_equal(dn_when_find(x.s, &x.t, 0, x.n, 1, &month, 0, &w), 0);
	dn_toks_clear(&x.t);
}

/* A sentence of DN_MAX_SENT_TOKENS dates: the work per trigger is bounded
 * and the nearest date still wins. */
static void test_when_many_dates(void **state)
{
	(void)state;
	dn_buf b;
	dn_buf_init(&b);
	dn_buf_adds(&b, "Rebels shelled the town");
	for (int i = 0; i < 120; i++)
		dn_buf_printf(&b, " on %d October 2014", 1 + i % 28);
	dn_buf_adds(&b, ".");
	sent x;
	S_lex(&x, b.p);
	dn_when w;
	assert_int_equal(dn_when_find(x.s, &x.t, 0, x.n, 1, NULL, 0, &w), 1);
	char got[16];
	dn_date_format(&w.date, w.precision, got);
	assert_string_equal(got, "2014-10-01");
	dn_toks_clear(&x.t);
	/* a trigger in the middle, beyond the window's first dates */
	dn_buf_reset(&b);
	for (int i = 0; i < 60; i++)
		dn_buf_adds(&b, "on 5 October 2014 ");
	dn_buf_adds(&b, "troops attacked on 7 October 2014");
	for (int i = 0; i < 60; i++)
		dn_buf_adds(&b, " on 9 October 2014");
	S_lex(&x, b.p);
	int trig = -1;
	for (int i = 0; i < x.n && trig < 0; i++)
		if (strcmp(dn_tok_norm(&x.t, &x.t.v[i]), "attacked") == 0)
			trig = i;
	assert_int_equal(dn_when_find(x.s, &x.t, 0, x.n, trig, NULL, 0, &w), 1);
	dn_date_format(&w.date, w.precision, got);
	assert_string_equal(got, "2014-10-07");
	dn_toks_clear(&x.t);
	dn_buf_clear(&b);
}

/* MARK: - One sentence, several triggers */

/* dn_when_pick on one prepared sentence gives, for every trigger in turn
 * (and with counts picked in between), what dn_when_find gives alone. */
static void S_pick_all(dn_when_sent *ws, const sent *x, int first, int last,
		       const dn_date *pub)
{
	dn_when_prepare(ws, &x->t, first, last);
	for (int pass = 0; pass < 2; pass++)
		for (int k = first - 1; k <= last; k++) {
			/* forwards, then backwards */
			int trig = pass ? last + first - 1 - k : k;
			for (int future = 0; future < 2; future++) {
				dn_when a, b;
				int ra = dn_when_pick(ws, trig, pub, future, &a);
				int rb = dn_when_find(x->s, &x->t, first, last, trig, pub, future, &b);
				if (ra != rb || memcmp(&a, &b, sizeof a) != 0)
					fail_msg("'%s' [%d, %d) trigger %d: pick %d %u..%u, find %d %u..%u",
						 x->s, first, last, trig, ra, a.start, a.end, rb,
						 b.start, b.end);
			}
			dn_count dead, inj;
			dn_toll_pick(ws, trig, &dead, &inj);
		}
}

static void test_when_pick_table(void **state)
{
	(void)state;
	static dn_when_sent ws; /* large: not on the stack */
	for (size_t i = 0; i < DN_ARRAY_LEN(S_cases); i++) {
		sent x;
		S_lex(&x, S_cases[i].sentence);
		dn_date pub;
		int pp;
		const dn_date *pubp = NULL;
		if (S_cases[i].pub[0] &&
		    dn_date_parse(S_cases[i].pub, strlen(S_cases[i].pub), &pub, &pp))
			pubp = &pub;
		S_pick_all(&ws, &x, 0, x.n, pubp);
		S_pick_all(&ws, &x, 0, x.n, NULL);
		if (x.n > 4)
			S_pick_all(&ws, &x, 1, x.n - 1, pubp);
		dn_toks_clear(&x.t);
	}
}

/* Several events of one sentence, each with its own date. */
static void test_when_pick_several(void **state)
{
	(void)state;
	static dn_when_sent ws;
	sent x;
	S_lex(&x, "Russia and Turkey signed a deal on Tuesday, the talks resumed on "
		  "Monday and rebels will meet in Geneva on Saturday.");
	dn_date pub = { 2016, 10, 12 };
	dn_when_prepare(&ws, &x.t, 0, x.n);
	const char *const trig[] = { "signed", "resumed", "meet" };
	const char *const want[] = { "2016-10-11", "2016-10-10", "2016-10-15" };
	for (int k = 0; k < 3; k++) {
		dn_when w;
		char got[16];
		assert_int_equal(dn_when_pick(&ws, S_find(&x, trig[k]), &pub, 0, &w), 1);
		dn_date_format(&w.date, w.precision, got);
		assert_string_equal(got, want[k]);
	}
	/* a trigger outside the sentence */
	dn_when w;
	assert_int_equal(dn_when_pick(&ws, x.n, &pub, 0, &w), 0);
	assert_int_equal(dn_when_pick(&ws, -1, &pub, 0, &w), 0);
	dn_toks_clear(&x.t);
}

/* Sentences longer than a trigger's window, and than DN_MAX_SENT_TOKENS:
 * each trigger has its own window, which the prepared sentence rescans. */
static void test_when_pick_long(void **state)
{
	(void)state;
	static dn_when_sent ws;
	dn_buf b;
	dn_buf_init(&b);
	for (int i = 0; i < 40; i++)
		dn_buf_printf(&b, "rebels attacked on %d October 2014 and troops killed "
			      "%d people three days ago, ", 1 + i % 28, i + 2);
	dn_buf_adds(&b, "police said on Monday.");
	sent x;
	x.s = b.p;
	dn_toks_init(&x.t);
	x.n = dn_lex(b.p, 0, (uint32_t)b.len, 4000, &x.t);
	assert_true(x.n > DN_MAX_SENT_TOKENS);
	dn_date pub = { 2014, 10, 30 };
	S_pick_all(&ws, &x, 0, x.n, &pub);
	S_pick_all(&ws, &x, 100, 2 * DN_WHEN_WINDOW + 90, &pub);
	dn_toks_clear(&x.t);
	dn_buf_clear(&b);
}

/* MARK: - Publication-date evidence */

static void S_scan_is(const char *s, int want_n, const char *const *want)
{
	dn_when w[16];
	int n = dn_dates_scan(s, strlen(s), w, 16);
	if (n != want_n)
		fail_msg("scan of '%s': %d dates, want %d", s, n, want_n);
	for (int i = 0; i < n; i++) {
		char got[16];
		dn_date_format(&w[i].date, w[i].precision, got);
		if (strcmp(got, want[i]) != 0)
			fail_msg("scan date %d is %s, want %s", i, got, want[i]);
		assert_true(w[i].end > w[i].start && w[i].end <= strlen(s));
	}
}

static void test_scan_references(void **state)
{
	(void)state;
	const char *s =
		"The attack reportedly killed at least 40 people on October 29th. "
		"The war began in 2011.\n\nFor more information please see:\n\n"
		"The Jerusalem Post \xe2\x80\x93 Russia\xe2\x80\x99s Putin Holds Talks with Syrian Foreign Minister \xe2\x80\x93 26 November 2014\n\n"
		"Reuters \xe2\x80\x93 Russia\xe2\x80\x99s New Push for Syria Dialogue Unlikely To Be Fruitful \xe2\x80\x93 26 November 2014\n\n"
		"Al Jazeera \xe2\x80\x93 Many Killed In Syria Barrel Bomb \xe2\x80\x98Massacre\xe2\x80\x99 \xe2\x80\x93 26 October 2014\n\n"
		"Washington Post\xe2\x80\x93 In rare foreign trip, Assad flies to Moscow to meet with Putin\xe2\x80\x94 21 October 2o15\n";
	const char *const want[] = { "2014-11-26", "2014-11-26", "2014-10-26", "2015-10-21" };
	S_scan_is(s, 4, want);
	dn_when w[16];
	int n = dn_dates_scan(s, strlen(s), w, 16);
	int k = dn_dates_latest(w, n, 0, (uint32_t)strlen(s));
	assert_int_equal(k, 3);
	/* only the first three lie before the Washington Post line */
	const char *wp = strstr(s, "Washington");
	k = dn_dates_latest(w, n, 0, (uint32_t)(wp - s));
	assert_true(k == 0 || k == 1);
	assert_int_equal(dn_dates_latest(w, n, 0, 10), -1);
	/* max is respected */
	assert_int_equal(dn_dates_scan(s, strlen(s), w, 2), 2);
	assert_int_equal(dn_dates_scan(s, strlen(s), w, 0), 0);
}

static void test_scan_embedded_and_stamps(void **state)
{
	(void)state;
	const char *post =
		"#FAKEAI Amnesty International, reveal who and when provided you with this so-called data\n"
		"\xe2\x80\x94 \xd0\x9c\xd0\xb8\xd0\xbd\xd0\xbe\xd0\xb1\xd0\xbe\xd1\x80\xd0\xbe\xd0\xbd\xd1\x8b "
		"\xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd0\xb8 (@mod_russia) December 23, 2015\n"
		"The intimidation only brought more derision.";
	const char *const want1[] = { "2015-12-23" };
	S_scan_is(post, 1, want1);
	const char *const want2[] = { "2016-10-12", "2016-10-11" };
	S_scan_is("Published: 2016-10-12T08:00:00Z\nUpdated: Oct. 11, 2016 10:35 AM\n"
		  "Rebels shelled the town on Monday.", 2, want2);
	const char *const want3[] = { "2015-09" };
	S_scan_is("Russia joined the war in September 2015 and in 2016.", 1, want3);
	S_scan_is("No dates here, only 40 people and 1,000 cars.", 0, NULL);
	S_scan_is("", 0, NULL);
}

/* Every seed's full text scans without trouble; the first seed's latest
 * date is its reference list's. */
static void test_scan_seeds(void **state)
{
	(void)state;
	const char *shared = dn_test_shared();
	if (!shared) {
		skip();
		return;
	}
	char path[4200];
	snprintf(path, sizeof path, "%s/seeds/000_a592a9e2ac4054a3.txt", shared);
	char *buf;
	size_t len;
	if (dn_read_file(path, 1 << 20, &buf, &len) < 0) {
		skip();
		return;
	}
	dn_when w[64];
	int n = dn_dates_scan(buf, len, w, 64);
	assert_int_equal(n, 4);
	int k = dn_dates_latest(w, n, 0, (uint32_t)len);
	char got[16];
	dn_date_format(&w[k].date, DN_PREC_DAY, got);
	assert_string_equal(got, "2014-11-26");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_parse_format),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_when_table),
		cmocka_unit_test(test_when_bad_arguments),
		cmocka_unit_test(test_when_many_dates),
		cmocka_unit_test(test_when_pick_table),
		cmocka_unit_test(test_when_pick_several),
		cmocka_unit_test(test_when_pick_long),
		cmocka_unit_test(test_scan_references),
		cmocka_unit_test(test_scan_embedded_and_stamps),
		cmocka_unit_test(test_scan_seeds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
