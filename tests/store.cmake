# The translation memory and its search (store/).
stele_add_unit_test(test_store SOURCES test_store.c LABELS store)
if(STELE_BUILD_CLI)
    # "stele list" and "stele search" end to end, on a memory built from
    # the CSTO corpus.
    stele_add_unit_test(test_cli_store SOURCES test_cli_store.c cli_run.c
        ARGS $<TARGET_FILE:stele> ${STELE_CORPORA} LABELS store cli)
endif()
