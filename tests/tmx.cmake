# TMX export and import (tmx/). The TMX 1.4b DTD is not in the
# repository (the LISA file carries no licence); the tests validate
# against ../shared/tmx14.dtd beside it and say so when it is absent.
set(STELE_TMX_DTD ${PROJECT_SOURCE_DIR}/../shared/tmx14.dtd)
stele_add_unit_test(test_tmx SOURCES test_tmx.c tmx_check.c
    ARGS ${STELE_TEST_DATA} ${STELE_TMX_DTD} LABELS tmx)
if(STELE_BUILD_CLI)
    # "stele export" and "stele import" on the CSTO corpus.
    stele_add_unit_test(test_tmx_cli SOURCES test_tmx_cli.c cli_run.c tmx_check.c
        ARGS $<TARGET_FILE:stele> ${STELE_CORPORA} ${STELE_TMX_DTD}
        LABELS tmx cli)
    # OmegaT pre-translates from the en,ru export (skipped without it).
    add_test(NAME omegat_interop COMMAND bash
             ${CMAKE_CURRENT_SOURCE_DIR}/omegat_interop.sh
             $<TARGET_FILE:stele> ${STELE_CORPORA}/csto-summit)
    set_tests_properties(omegat_interop PROPERTIES
        SKIP_RETURN_CODE 77 TIMEOUT 180 LABELS "tmx;cli;interop"
        ENVIRONMENT "STELE_DB=")
endif()
