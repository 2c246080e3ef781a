if(STELE_BUILD_CLI)
    stele_add_unit_test(test_cli SOURCES test_cli.c cli_run.c
        ARGS $<TARGET_FILE:stele> ${STELE_CORPORA} LABELS cli)
endif()
