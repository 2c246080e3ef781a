stele_add_unit_test(test_align SOURCES test_align.c
                    ARGS ${STELE_TEST_DATA} LABELS align)
if(STELE_BUILD_CLI)
    stele_add_unit_test(test_align_cli SOURCES test_align_cli.c cli_run.c
        ARGS $<TARGET_FILE:stele> ${STELE_CORPORA} ${PROJECT_BINARY_DIR}
        LABELS cli align)
endif()
