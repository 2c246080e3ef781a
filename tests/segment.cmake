stele_add_unit_test(test_segment SOURCES test_segment.c
    ARGS ${STELE_CORPORA} LABELS segment)
if(STELE_BUILD_CLI)
    stele_add_unit_test(test_segment_cli SOURCES test_segment_cli.c cli_run.c
        ARGS $<TARGET_FILE:stele> ${STELE_CORPORA} LABELS cli segment)
endif()
