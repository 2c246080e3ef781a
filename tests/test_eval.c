/*
 * tests/test_eval.c - bead files and the evaluation arithmetic, against
 * examples worked out by hand from the definitions in Vecalign's
 * score.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <stele.h>

static stele_beads *parse(const char *text)
{
    stele_beads *beads = NULL;
    stele_error err;
    int rc = stele_beads_parse(&beads, text, strlen(text), "t.gold", &err);

    if (rc != 0)
        fail_msg("parse failed: %s", err.message);
    return beads;
}

static void parse_error_n(const char *text, size_t size, long line,
                          const char *needle)
{
    stele_beads *beads = (stele_beads *)1;
    stele_error err;

    assert_int_equal(stele_beads_parse(&beads, text, size, "t.gold", &err),
                     STELE_EFORMAT);
    assert_null(beads);
    assert_string_equal(err.path, "t.gold");
    assert_int_equal(err.line, line);
    if (strstr(err.message, needle) == NULL)
        fail_msg("message '%s' lacks '%s'", err.message, needle);
}

static void parse_error(const char *text, long line, const char *needle)
{
    parse_error_n(text, strlen(text), line, needle);
}

static void parses_vecalign_format(void **state)
{
    stele_beads *b;

    (void)state;
    b = parse("[0]:[0]\n[1, 2]:[1]\n[3]:[]\n\n[]:[2]\r\n[4,5]:[3, 4]");
    assert_int_equal(stele_beads_fields(b), 2);
    assert_int_equal(stele_beads_count(b), 5);
    stele_beads_free(b);

    b = parse("[0]:[0]:[]\n[1, 2]:[1]:[0, 1]\n");
    assert_int_equal(stele_beads_fields(b), 3);
    assert_int_equal(stele_beads_count(b), 2);
    stele_beads_free(b);

    b = parse("");
    assert_int_equal(stele_beads_count(b), 0);
    stele_beads_free(b);
}

static void rejects_malformed_lines_with_their_number(void **state)
{
    (void)state;
    parse_error("[0]:[0]\n[1 2]:[1]\n", 2, "expected ',' or ']'");
    parse_error("[0]:[0]\n[1]:[1]\n[2]\n", 3, "at least 2 fields");
    parse_error("[0]:[0]\n[1]:[1]:[1]\n", 2, "3 fields here, 2 on earlier");
    parse_error("[0]-[0]\n", 1, "expected ':'");
    parse_error("[a]:[0]\n", 1, "expected a sentence index");
    parse_error("[-1]:[0]\n", 1, "expected a sentence index");
    parse_error("[0]:[0\n", 1, "end of the line");
    parse_error("[99999999999]:[0]\n", 1, "too large");
    parse_error("[0]:[0]:[0]:[0]\n", 1, "more than 3 fields");
    parse_error_n("[0]:[0]\n[1]:[1]\0\n", 17, 2, "NUL byte");
}

static void read_reports_missing_file(void **state)
{
    stele_beads *b;
    stele_error err;

    (void)state;
    assert_int_equal(stele_beads_read(&b, "/nonexistent/x.gold", &err),
                     STELE_EIO);
    assert_string_equal(err.path, "/nonexistent/x.gold");
    assert_null(b);
}

static void eval_pair(const char *gold_text, const char *test_text,
                      size_t a, size_t b, stele_eval_result *r)
{
    stele_beads *gold = parse(gold_text);
    stele_beads *test = parse(test_text);
    stele_error err;

    assert_int_equal(stele_eval(gold, test, a, b, r, &err), 0);
    stele_beads_free(gold);
    stele_beads_free(test);
}

#define EPS 1e-9

static void identical_alignments_score_one(void **state)
{
    const char *g = "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n[]:[2]\n";
    stele_eval_result r;

    (void)state;
    eval_pair(g, g, 0, 1, &r);
    assert_float_equal(r.strict.precision, 1.0, EPS);
    assert_float_equal(r.strict.recall, 1.0, EPS);
    assert_float_equal(r.strict.f1, 1.0, EPS);
    assert_float_equal(r.lax.f1, 1.0, EPS);
    /* insertions and deletions are not counted as gold beads */
    assert_int_equal(r.gold_beads, 2);
}

/*
 * gold: [0]:[0] [1]:[1,2] [2]:[] [3,4]:[3]
 * test: [0]:[0] [1]:[1] []:[2] [2]:[] [3]:[3] [4]:[]
 * precision, 6 test beads: strict right [0]:[0], [2]:[] -> 2/6;
 *   lax also [1]:[1] (1-1 linked in gold) and [3]:[3] -> 4/6.
 * recall, gold beads with both sides: [0]:[0] strict; [1]:[1,2] and
 *   [3,4]:[3] lax only -> strict 1/3, lax 3/3.
 * F1 strict = 1/3; lax = 2 * (2/3) / (5/3) = 0.8.
 */
static void hand_computed_example(void **state)
{
    stele_eval_result r;

    (void)state;
    eval_pair("[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3, 4]:[3]\n",
              "[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[]\n[3]:[3]\n[4]:[]\n", 0, 1,
              &r);
    assert_float_equal(r.strict.precision, 2.0 / 6.0, EPS);
    assert_float_equal(r.lax.precision, 4.0 / 6.0, EPS);
    assert_float_equal(r.strict.recall, 1.0 / 3.0, EPS);
    assert_float_equal(r.lax.recall, 1.0, EPS);
    assert_float_equal(r.strict.f1, 1.0 / 3.0, EPS);
    assert_float_equal(r.lax.f1, 0.8, EPS);
}

/* A merge the gold does not have: one wrong bead, lax right. */
static void over_merged_prediction(void **state)
{
    stele_eval_result r;

    (void)state;
    eval_pair("[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n",
              "[0]:[0]\n[1, 2]:[1, 2]\n[3]:[3]\n", 0, 1, &r);
    /* precision: 2 of 3 strict, 3 of 3 lax; recall: 2 of 4, 4 of 4 */
    assert_float_equal(r.strict.precision, 2.0 / 3.0, EPS);
    assert_float_equal(r.lax.precision, 1.0, EPS);
    assert_float_equal(r.strict.recall, 0.5, EPS);
    assert_float_equal(r.lax.recall, 1.0, EPS);
    assert_float_equal(r.strict.f1, 2 * (2.0 / 3.0) * 0.5 / (2.0 / 3 + 0.5),
                        EPS);
}

/* Order inside a bead and duplicate beads do not matter (sets). */
static void beads_are_sets(void **state)
{
    stele_eval_result r;

    (void)state;
    eval_pair("[0, 1]:[0]\n[2]:[1]\n", "[1, 0]:[0]\n[2]:[1]\n[2]:[1]\n", 0,
              1, &r);
    assert_float_equal(r.strict.f1, 1.0, EPS);
}

/* Three-field files are projected on the pair asked for. */
static void three_fields_projected(void **state)
{
    const char *gold = "[0]:[0]:[0]\n[1]:[1, 2]:[1]\n[2]:[]:[2]\n";
    const char *test = "[0]:[0]:[0]\n[1]:[1]:[1]\n[]:[2]:[]\n[2]:[]:[2]\n";
    stele_eval_result r;

    (void)state;
    /* en-zh (fields 0, 2) is identical in both */
    eval_pair(gold, test, 0, 2, &r);
    assert_float_equal(r.strict.f1, 1.0, EPS);
    /* en-ru (0, 1): test [1]:[1] and []:[2] and [2]:[] vs gold
     * [1]:[1,2] and [2]:[] -> precision strict 2/4, recall strict 1/2 */
    eval_pair(gold, test, 0, 1, &r);
    assert_float_equal(r.strict.precision, 0.5, EPS);
    assert_float_equal(r.strict.recall, 0.5, EPS);
}

static void no_beads_scores_zero(void **state)
{
    stele_eval_result r;

    (void)state;
    eval_pair("[0]:[0]\n", "", 0, 1, &r);
    assert_float_equal(r.strict.precision, 0.0, EPS);
    assert_float_equal(r.strict.recall, 0.0, EPS);
    assert_float_equal(r.strict.f1, 0.0, EPS);
}

static void bad_field_pair_is_refused(void **state)
{
    stele_beads *gold = parse("[0]:[0]\n");
    stele_eval_result r;
    stele_error err;

    (void)state;
    assert_int_equal(stele_eval(gold, gold, 0, 2, &r, &err), STELE_EINVAL);
    assert_int_equal(stele_eval(gold, gold, 1, 1, &r, &err), STELE_EINVAL);
    stele_beads_free(gold);
}

/*
 * gold: [0]:[0] [1]:[1,2] [2]:[] [3,4]:[3] [5,6,7,8]:[4]
 * test: [0]:[0] [1]:[1] []:[2] [2]:[] [3]:[3] [4]:[] [6,5,7,8]:[4]
 * by type, gold: 1-1 1, 1-2 1, 1-0 1, 2-1 1, 3+-1 1;
 * test: 1-1 3, 0-1 1, 1-0 2, 3+-1 1; exact: [0]:[0], [2]:[] and the
 * 4-1 bead (its sentences in another order: a bead is a set).
 */
static void counts_beads_by_type(void **state)
{
    stele_beads *gold =
        parse("[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3, 4]:[3]\n"
              "[5, 6, 7, 8]:[4]\n");
    stele_beads *test =
        parse("[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[]\n[3]:[3]\n[4]:[]\n"
              "[6, 5, 7, 8]:[4]\n");
    const unsigned top = STELE_EVAL_SIDE_MAX;
    stele_eval_types t;
    stele_error err;

    (void)state;
    assert_int_equal(stele_eval_by_type(gold, test, 0, 1, &t, &err), 0);
    assert_int_equal(t.gold[1][1], 1);
    assert_int_equal(t.gold[1][2], 1);
    assert_int_equal(t.gold[1][0], 1);
    assert_int_equal(t.gold[2][1], 1);
    assert_int_equal(t.gold[top][1], 1);
    assert_int_equal(t.gold[0][1], 0);
    assert_int_equal(t.predicted[1][1], 3);
    assert_int_equal(t.predicted[0][1], 1);
    assert_int_equal(t.predicted[1][0], 2);
    assert_int_equal(t.predicted[top][1], 1);
    assert_int_equal(t.predicted[1][2], 0);
    assert_int_equal(t.matched[1][1], 1);
    assert_int_equal(t.matched[1][0], 1);
    assert_int_equal(t.matched[top][1], 1);
    assert_int_equal(t.matched[0][1], 0);
    assert_int_equal(t.matched[2][1], 0);
    /* the same pair the other way round swaps the sides */
    assert_int_equal(stele_eval_by_type(gold, test, 1, 0, &t, &err), 0);
    assert_int_equal(t.gold[0][1], 1);
    assert_int_equal(t.gold[1][top], 1);
    assert_int_equal(t.predicted[0][1], 2);
    assert_int_equal(t.matched[0][1], 1);
    assert_int_equal(stele_eval_by_type(gold, test, 0, 2, &t, &err),
                     STELE_EINVAL);
    stele_beads_free(gold);
    stele_beads_free(test);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_vecalign_format),
        cmocka_unit_test(rejects_malformed_lines_with_their_number),
        cmocka_unit_test(read_reports_missing_file),
        cmocka_unit_test(identical_alignments_score_one),
        cmocka_unit_test(hand_computed_example),
        cmocka_unit_test(over_merged_prediction),
        cmocka_unit_test(beads_are_sets),
        cmocka_unit_test(three_fields_projected),
        cmocka_unit_test(no_beads_scores_zero),
        cmocka_unit_test(bad_field_pair_is_refused),
        cmocka_unit_test(counts_beads_by_type),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
