# Progress bars, --quiet/--verbose and colours, through a pseudo-terminal
# and through pipes (cli/progress.c).
if(STELE_BUILD_CLI)
    stele_add_unit_test(test_terminal_cli SOURCES test_terminal_cli.c
        cli_run.c ARGS $<TARGET_FILE:stele> ${STELE_CORPORA} LABELS cli)
endif()
