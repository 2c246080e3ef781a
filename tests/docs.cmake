# The manual: docs/stele.1 renders without warnings, and documents every
# option of every command as "stele help CMD" lists them (and no other).
add_test(NAME man_render COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/man_test.sh
         render ${PROJECT_SOURCE_DIR}/docs/stele.1)
set_tests_properties(man_render PROPERTIES SKIP_RETURN_CODE 77 LABELS docs)
if(STELE_BUILD_CLI)
    add_test(NAME man_options COMMAND bash
             ${CMAKE_CURRENT_SOURCE_DIR}/man_test.sh options
             $<TARGET_FILE:stele> ${PROJECT_SOURCE_DIR}/docs/stele.1)
    set_tests_properties(man_options PROPERTIES LABELS "docs;cli")
endif()
