stele_add_unit_test(test_align SOURCES test_align.c
                    ARGS ${STELE_TEST_DATA} LABELS align)
