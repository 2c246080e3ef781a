stele_add_unit_test(test_eval SOURCES test_eval.c)
