if(STELE_BUILD_CLI)
    add_test(NAME review_browser COMMAND bash
             ${CMAKE_CURRENT_SOURCE_DIR}/review_browser.sh $<TARGET_FILE:stele>
             ${STELE_CORPORA}/csto-summit ${PROJECT_BINARY_DIR}/artifacts)
    # the page, the driven copy and their screenshots stay in
    # build/artifacts, to be looked at
    set_tests_properties(review_browser PROPERTIES
        SKIP_RETURN_CODE 77 LABELS "cli;browser" TIMEOUT 600)
endif()
if(STELE_BUILD_CLI)
    stele_add_unit_test(test_review_cli SOURCES test_review_cli.c cli_run.c
        ARGS $<TARGET_FILE:stele> ${STELE_CORPORA} LABELS cli)
endif()
