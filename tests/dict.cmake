# stele dict convert, end to end, on the fixtures of tests/data/dict; and
# the small dictionaries there checked against corpora/csto-summit.
if(STELE_BUILD_CLI)
    stele_add_unit_test(test_dict_cli SOURCES test_dict_cli.c cli_run.c
        ARGS $<TARGET_FILE:stele> ${STELE_TEST_DATA} ${STELE_CORPORA}
        LABELS cli dict)
endif()
