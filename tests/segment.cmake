stele_add_unit_test(test_segment SOURCES test_segment.c
    ARGS ${STELE_CORPORA} LABELS segment)
