# Hostile and broken input, end to end (issue 7): the bad-input matrix.
if(STELE_BUILD_CLI)
    stele_add_unit_test(test_robust SOURCES test_robust.c cli_run.c
        tmx_check.c
        ARGS $<TARGET_FILE:stele> ${STELE_CORPORA} LABELS cli robust)
endif()
# Faults: stele align killed at random points, a full disk, two writers
# and a reader at once.
if(STELE_BUILD_CLI)
    stele_add_unit_test(test_faults SOURCES test_faults.c cli_run.c
        ARGS $<TARGET_FILE:stele> ${STELE_CORPORA} LABELS cli faults)
endif()
