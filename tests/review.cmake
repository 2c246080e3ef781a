if(STELE_BUILD_CLI)
    add_test(NAME review_browser COMMAND bash
             ${CMAKE_CURRENT_SOURCE_DIR}/review_browser.sh $<TARGET_FILE:stele>
             ${STELE_CORPORA}/csto-summit ${PROJECT_BINARY_DIR}/artifacts)
    set_tests_properties(review_browser PROPERTIES
        SKIP_RETURN_CODE 77 LABELS "cli;browser"
        ENVIRONMENT "STELE_DB=${PROJECT_BINARY_DIR}/review-test.db")
endif()
